package io.chatservice.cluster.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.chatservice.support.RedisCluster;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/** Names on a Redis Cluster of three masters: each name's hold in its own slot, its index in the presence slot. */
class RedisNamesClusterTest extends NamesContract {

    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        cluster.stop();
    }

    @Override
    protected RedisOptions options() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        cluster.nodes().forEach(node -> options.addConnectionString(node.uri()));
        return options;
    }

    @Override
    protected void flush() {
        cluster.nodes().forEach(node -> node.cli("FLUSHALL"));
    }
}
