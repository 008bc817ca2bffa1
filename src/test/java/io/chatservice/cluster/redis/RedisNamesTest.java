package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.support.RedisServer;
import io.chatservice.support.TcpProxy;
import io.vertx.redis.client.RedisOptions;

/** Names on a single {@code redis-server}, and what a node re-asserts when Redis forgot it. */
class RedisNamesTest extends RedisNamesContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.server();
    }

    private static RedisServer server() {
        return redis.single();
    }

    @Test
    void aNodeReassertsItsNamesWhenRedisLostThem() {
        String ann = name("ann");
        String key = result(a.names.admitWithKey(ann, null)).key();
        result(a.names.admitWithKey(ann, key));

        server().cli("FLUSHALL");

        // The heartbeat finds a unknown and rebuilds; its names come back with its key hash and its two connections.
        // (Watched from outside: an admission before then would take the name, as nothing holds it in Redis.)
        await().atMost(StateNodes.NODE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> !server().cli("HGET", NameScripts.holdKey(ann), "k").isEmpty());
        refusal(b.names.admitWithKey(ann, null), ErrorCode.NAME_TAKEN);
        assertEquals(key, result(b.names.admitWithKey(ann, key)).key());
        refusal(b.names.admitWithKey(ann, key), ErrorCode.TOO_MANY_CONNECTIONS);
    }

    @Test
    void aNameLeftWhileTheLinkWasDownIsFreedAfterTheReconnection() {
        TcpProxy proxy = TcpProxy.start(redis.vertx, "127.0.0.1", server().port());
        try {
            StateNodes.Node c = nodes.start(name("c"), new RedisOptions().setConnectionString("redis://127.0.0.1:" + proxy.port()),
                    StateNodes.NODE_TIMEOUT, CLAIM_TTL, MOST);
            String ann = name("ann");
            String bob = name("bob");
            result(c.names.admitWithKey(ann, null));
            String bobsKey = result(c.names.admitWithKey(bob, null)).key();

            proxy.cut();
            await().atMost(Duration.ofSeconds(2)).until(() -> !c.links.isUp(StateConnection.LINK));
            c.names.disconnected(ann); // only in memory: Redis hears of it through the rebuild
            proxy.restore();

            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> b.names
                    .admitWithKey(ann, null).handle((admitted, failure) -> failure == null).toCompletableFuture().get());
            refusal(b.names.admitWithKey(bob, null), ErrorCode.NAME_TAKEN);
            assertEquals(bobsKey, result(b.names.admitWithKey(bob, bobsKey)).key());
        } finally {
            proxy.close();
        }
    }
}
