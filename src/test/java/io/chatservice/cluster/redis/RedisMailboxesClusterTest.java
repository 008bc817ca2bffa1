package io.chatservice.cluster.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Mailboxes on a Redis Cluster of three masters: the index in the user's slot and the letters in each conversation's,
 * each script within one slot, or it would fail with CROSSSLOT.
 */
@Tag("cluster")
class RedisMailboxesClusterTest extends RedisMailboxContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.cluster();
    }
}
