package io.chatservice.cluster.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** Names on a Redis Cluster of three masters: each name's hold in its own slot, its index in the presence slot. */
@Tag("cluster")
class RedisNamesClusterTest extends RedisNamesContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.cluster();
    }
}
