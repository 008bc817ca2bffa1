package io.chatservice.cluster.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.chatservice.support.RedisCluster;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * Presence on a Redis Cluster of three masters, as {@code quarkus.redis.client-type=cluster} makes the client: every
 * presence key has the hash tag {@code {presence}}, or the scripts would fail with CROSSSLOT.
 */
class RedisPresenceClusterTest extends PresenceContract {

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
