package io.chatservice.cluster.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Presence on a Redis Cluster of three masters, as {@code quarkus.redis.client-type=cluster} makes the client: every
 * presence key has the hash tag {@code {presence}}, or the scripts would fail with CROSSSLOT.
 */
@Tag("cluster")
class RedisPresenceClusterTest extends RedisPresenceContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.cluster();
    }
}
