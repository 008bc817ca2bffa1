package io.chatservice.cluster.redis;

import org.junit.jupiter.api.BeforeAll;

/** Mailboxes on a single {@code redis-server}. */
class RedisMailboxesTest extends RedisMailboxContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.server();
    }
}
