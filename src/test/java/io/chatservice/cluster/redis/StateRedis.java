package io.chatservice.cluster.redis;

import io.chatservice.support.RedisCluster;
import io.chatservice.support.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The Redis a state test class runs on, a single server or a Redis Cluster of three masters, with the Vert.x instance
 * its clients use: started once per class, so that the same contract runs on both.
 */
final class StateRedis implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    private final RedisServer server;
    private final RedisCluster cluster;

    private StateRedis(RedisServer server, RedisCluster cluster) {
        this.server = server;
        this.cluster = cluster;
    }

    static StateRedis server() {
        return new StateRedis(RedisServer.start(), null);
    }

    static StateRedis cluster() {
        return new StateRedis(null, RedisCluster.start());
    }

    /** The single server, for what only one lets a test do to it (restart it, cut it off). */
    RedisServer single() {
        if (server == null) {
            throw new IllegalStateException("this test runs on a Redis Cluster");
        }
        return server;
    }

    RedisOptions options() {
        if (server != null) {
            return new RedisOptions().setConnectionString(server.uri());
        }
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        cluster.nodes().forEach(node -> options.addConnectionString(node.uri()));
        return options;
    }

    /** The addresses the message path's own links try in turn: on a Redis Cluster any node serves pub/sub. */
    java.util.List<String> hosts() {
        return server != null ? java.util.List.of(server.uri())
                : cluster.nodes().stream().map(RedisServer::uri).toList();
    }

    void flush() {
        if (server != null) {
            server.cli("FLUSHALL");
        } else {
            cluster.nodes().forEach(node -> node.cli("FLUSHALL"));
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        if (server != null) {
            server.stop();
        } else {
            cluster.stop();
        }
    }
}
