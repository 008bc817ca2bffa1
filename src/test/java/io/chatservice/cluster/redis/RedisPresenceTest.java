package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.core.Scope;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.NameForms;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPresence;
import io.chatservice.support.RedisServer;
import io.chatservice.support.TcpProxy;
import io.vertx.redis.client.RedisOptions;

/** Presence on a single {@code redis-server}, and what only a single server lets a test do to it. */
class RedisPresenceTest extends RedisPresenceContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.server();
    }

    private static RedisServer server() {
        return redis.single();
    }

    @Test
    void aUserOnlyOnASilentNodeIsOffline() {
        // A long timeout, so that the reapers leave the silent node alone and only the route's liveness check counts.
        Duration timeout = Duration.ofSeconds(60);
        StateNodes.Node a = nodes.start(name("a"), timeout, Duration.ofMinutes(5), 0);
        StateNodes.Node c = nodes.start(name("c"), timeout, Duration.ofMinutes(5), 0);
        String carl = name("carl");
        result(c.presence.entered(Scope.PRIVATE_CHANNEL, carl));
        assertTrue(result(a.presence.route(name("ann"), carl)).reachable());

        c.crash();
        server().cli("ZADD", PresenceScripts.PREFIX + "nodes", "XX", "1", c.id);

        assertFalse(result(a.presence.route(name("ann"), carl)).reachable());
        assertEquals(List.of(carl), result(a.presence.privateOnline(List.of(NameForms.userForm(carl)))),
                "not reaped yet");
    }

    @Test
    void afterFlushallTheNodeRebuildsItsEntriesWithoutJoinNotices() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope lobby = Scope.room(name("lobby"));
        String ann = name("ann");
        String bob = name("bob");
        result(a.presence.entered(lobby, ann));
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, ann));
        a.presence.connected(ann);
        result(b.presence.entered(lobby, bob));

        server().cli("FLUSHALL");

        // The next write finds its node unknown and rebuilds first; the heartbeat would within a fifth of the timeout.
        assertTrue(result(a.presence.entered(lobby, name("newcomer"))), "first in the room anywhere");
        await().atMost(StateNodes.NODE_TIMEOUT).until(() -> result(a.presence.members(lobby, null, 100)).users()
                .equals(List.of(ann, bob, name("newcomer"))));
        assertEquals(List.of(ann), result(b.presence.privateOnline(List.of(NameForms.userForm(ann)))));
        assertEquals(List.of(new UserPresence(ann, 1)),
                result(b.presence.onlineUsers(new UserLookup("", null, 10))).users());
        assertEquals(List.of(), a.delivery.published(), "a rebuild is silent");
        assertEquals(List.of(), b.delivery.published());
    }

    @Test
    void whileRedisIsDownWritesFailAtOnceAndTheNodeRebuildsOnReconnect() {
        StateNodes.Node a = nodes.start(name("a"));
        Scope lobby = Scope.room(name("lobby"));
        String ann = name("ann");
        String bob = name("bob");
        result(a.presence.entered(lobby, ann));
        result(a.presence.entered(lobby, bob));

        server().kill();
        await().atMost(Duration.ofSeconds(2)).until(() -> !a.links.isUp(StateConnection.LINK));
        long asked = System.nanoTime();
        refusal(a.presence.entered(lobby, name("carl")), ErrorCode.UNAVAILABLE);
        refusal(a.names.admitWithKey(name("carl"), null), ErrorCode.UNAVAILABLE);
        assertTrue(Duration.ofNanos(System.nanoTime() - asked).toMillis() < 500, "failed at once");
        a.presence.left(lobby, bob); // counted in memory while Redis is away

        server().restart();

        await().atMost(Duration.ofSeconds(5)).until(() -> a.links.isUp(StateConnection.LINK));
        await().atMost(Duration.ofSeconds(2)).until(() -> result(a.presence.members(lobby, null, 100)).users().equals(List.of(ann, name("carl"))));
    }

    @Test
    void aCommandRedisDoesNotAnswerInTimeFailsWithUnavailableAndTheHungLinkIsReplaced() {
        StateNodes.Node a = nodes.start(name("a"));
        Scope lobby = Scope.room(name("lobby"));
        String ann = name("ann");
        String before = stateLinkIds();
        // WRITE pauses scripts too, and lets the UNPAUSE through.
        server().cli("CLIENT", "PAUSE", "3000", "WRITE");
        try {
            long asked = System.nanoTime();
            CompletionStage<Boolean> entered = a.presence.entered(lobby, ann);
            refusal(entered, ErrorCode.UNAVAILABLE);
            long waited = Duration.ofNanos(System.nanoTime() - asked).toMillis();
            assertTrue(waited >= StateNodes.COMMAND_TIMEOUT.toMillis() - 50 && waited < 2900, "failed after " + waited + " ms");
        } finally {
            server().cli("CLIENT", "UNPAUSE");
        }
        // The refused entry was kept in memory; the new connection's rebuild writes it, and the paused write of the
        // connection given up on, if Redis still runs it, is ignored: counted once.
        await().atMost(Duration.ofSeconds(5)).until(() -> a.links.isUp(StateConnection.LINK)
                && result(a.presence.members(lobby, null, 100)).users().equals(List.of(ann)));
        assertEquals("1", server().cli("HGET", PresenceScripts.scopeKey(lobby), ann));
        assertTrue(result(a.presence.left(lobby, ann)), "last anywhere");
        // The hung connection was closed, not handed back to the pool (and out again): Redis sees another one alone.
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            String after = stateLinkIds();
            return !after.isEmpty() && !after.contains(" ") && !after.equals(before);
        });
    }

    @Test
    void aUserWhoLeftWhileTheLinkWasDownIsAnnouncedGoneAfterTheRebuild() {
        TcpProxy proxy = TcpProxy.start(redis.vertx, "127.0.0.1", server().port());
        try {
            StateNodes.Node c = nodes.start(name("c"), new RedisOptions().setConnectionString("redis://127.0.0.1:" + proxy.port()),
                    StateNodes.NODE_TIMEOUT, Duration.ofMinutes(5), 0);
            StateNodes.Node b = nodes.start(name("b"));
            Scope lobby = Scope.room(name("lobby"));
            String ann = name("ann");
            String bob = name("bob");
            result(c.presence.entered(lobby, ann));
            result(c.presence.entered(lobby, bob));

            proxy.cut();
            await().atMost(Duration.ofSeconds(2)).until(() -> !c.links.isUp(StateConnection.LINK));
            refusal(c.presence.left(lobby, bob), ErrorCode.UNAVAILABLE);
            proxy.restore();

            await().atMost(Duration.ofSeconds(3)).until(() -> result(b.presence.members(lobby, null, 100)).users().equals(List.of(ann)));
            await().atMost(Duration.ofSeconds(1)).until(() -> c.delivery.published().equals(List.of(new RecordingDelivery.Published(
                    "leave", lobby.room(), bob, io.chatservice.core.Target.roomChange(lobby.room())))));
        } finally {
            proxy.close();
        }
    }

    /** The ids of the clients Redis has, but for the redis-cli asking. */
    private static String stateLinkIds() {
        return server().cli("CLIENT", "LIST").lines().filter(line -> !line.contains("cmd=client|list"))
                .map(line -> line.substring(3, line.indexOf(' '))).sorted().collect(java.util.stream.Collectors.joining(" "));
    }
}
