package io.chatservice.cluster.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * History on a Redis Cluster of three masters: all of a stream's keys share its hash tag, or the scripts would fail
 * with CROSSSLOT, and what a script on one shard publishes reaches the subscribers on every node.
 */
@Tag("cluster")
class RedisHistoryClusterTest extends RedisHistoryContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.cluster();
    }
}
