package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import io.chatservice.contract.PresenceContract;
import io.chatservice.core.Presence;
import io.chatservice.core.Scope;
import io.chatservice.protocol.NameForms;
import io.chatservice.core.UserLookup;

/**
 * Presence over Redis, on a single server and on a Redis Cluster: the contract, with nodes that are separate clients
 * of one Redis, and what only separate processes show: which node tells a first or a last, a dead node's users
 * reaped by the survivors, a clean stop taking a node's users out.
 */
// Beside the @QuarkusTest classes, which run one at a time (the parallel settings in pom.xml); the classes of
// this contract share its static Redis, so they take turns.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RedisPresenceContract")
abstract class RedisPresenceContract extends PresenceContract {

    /** Started by each subclass, once per class. */
    protected static StateRedis redis;
    protected StateNodes nodes;
    private final List<StateNodes.Node> started = new ArrayList<>();

    @Override
    protected void startBackEnd() {
        redis.flush();
        nodes = new StateNodes(redis.vertx, redis::options);
        started.clear();
    }

    @Override
    protected PresenceNode node(String id) {
        StateNodes.Node node = nodes.start(id);
        started.add(node);
        return new PresenceNode() {
            @Override
            public String id() {
                return node.id;
            }

            @Override
            public Presence presence() {
                return node.presence;
            }

            @Override
            public CompletionStage<Boolean> join(Scope scope, String user) {
                return node.presence.entered(scope, user);
            }

            @Override
            public CompletionStage<Boolean> leave(Scope scope, String user) {
                return node.presence.left(scope, user);
            }

            @Override
            public void connected(String user) {
                node.presence.connected(user);
            }

            @Override
            public void disconnected(String user) {
                node.presence.disconnected(user);
            }
        };
    }

    @Override
    protected List<String> told() {
        return toldBy(started.toArray(StateNodes.Node[]::new));
    }

    @Override
    protected void stopBackEnd() {
        nodes.close();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static List<String> privateOnline(StateNodes.Node node, String... users) {
        return result(node.presence.privateOnline(java.util.Arrays.stream(users).map(NameForms::userForm).toList()));
    }

    /** Everything the nodes' presence told, over all of them. */
    private static List<String> toldBy(StateNodes.Node... nodes) {
        List<String> all = new ArrayList<>();
        for (StateNodes.Node node : nodes) {
            all.addAll(node.events.told);
        }
        return all;
    }

    @Test
    void aRoomsFirstAndLastAnywhereAndAUsersFirstAndLastPrivateConnectionAreToldByTheNodeThatMadeThem() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope room = Scope.room(name("lobby"));
        String ann = name("ann"), bea = name("bea");

        result(a.presence.entered(room, ann));
        result(b.presence.entered(room, bea));
        result(b.presence.entered(room, ann));
        result(b.presence.entered(Scope.PRIVATE_CHANNEL, ann));
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, ann));
        assertEquals(List.of("occupied " + room.room()), a.events.told);

        result(a.presence.left(room, ann));
        result(b.presence.left(room, ann));
        result(b.presence.left(room, bea));
        result(b.presence.left(Scope.PRIVATE_CHANNEL, ann));
        result(a.presence.left(Scope.PRIVATE_CHANNEL, ann));
        assertEquals(List.of("online " + ann, "vacated " + room.room()), b.events.told);
        assertEquals(List.of("occupied " + room.room(), "offline " + ann), a.events.told);
    }

    @Test
    void aDeadNodesLastUsersAreToldOfflineAndItsLastRoomsVacatedOnceByTheReaper() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        StateNodes.Node c = nodes.start(name("c"));
        Scope lobby = Scope.room(name("lobby")), attic = Scope.room(name("attic"));
        String carl = name("carl"), amy = name("amy");
        result(c.presence.entered(lobby, carl));
        result(c.presence.entered(attic, carl));
        result(a.presence.entered(attic, amy));
        result(c.presence.entered(Scope.PRIVATE_CHANNEL, carl));

        c.crash();

        // Both survivors reap; give them two more rounds to tell it a second time, which must not happen.
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
            List<String> told = toldBy(a, b);
            // The attic keeps amy: not vacated.
            assertEquals(Set.of("vacated " + lobby.room(), "offline " + carl), Set.copyOf(told), told.toString());
            assertEquals(2, told.size(), told.toString());
        });
    }

    @Test
    void aCleanStopTellsItsLastUsersOfflineAndItsLastRoomsVacated() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope lobby = Scope.room(name("lobby")), attic = Scope.room(name("attic"));
        String ann = name("ann"), bob = name("bob");
        result(a.presence.entered(attic, ann));
        result(b.presence.entered(attic, bob));
        result(b.presence.entered(lobby, bob));
        result(b.presence.entered(Scope.PRIVATE_CHANNEL, bob));
        b.events.told.clear();

        b.stop();

        assertEquals(Set.of("vacated " + lobby.room(), "offline " + bob), Set.copyOf(b.events.told));
        assertEquals(2, b.events.told.size());
        assertEquals(List.of("occupied " + attic.room()), a.events.told);
    }

    @Test
    void deadNodesUsersLeaveWithinTheNodeTimeoutAndOneSurvivorTellsEachScope() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        StateNodes.Node c = nodes.start(name("c"));
        Scope lobby = Scope.room(name("lobby"));
        String carl = name("carl");
        String cleo = name("cleo");
        String both = name("both");
        result(c.presence.entered(lobby, carl));
        result(c.presence.entered(lobby, cleo));
        result(c.presence.entered(lobby, both));
        result(a.presence.entered(lobby, both));
        result(c.presence.entered(Scope.PRIVATE_CHANNEL, carl));
        c.presence.connected(carl);

        long crashed = System.nanoTime();
        c.crash();
        await().atMost(StateNodes.NODE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> result(a.presence.members(lobby, null, 100)).users().equals(List.of(both)));
        long goneAfter = Duration.ofNanos(System.nanoTime() - crashed).toMillis();
        assertTrue(goneAfter < StateNodes.NODE_TIMEOUT.toMillis(), "gone after " + goneAfter + " ms");
        assertEquals(List.of(), privateOnline(b, carl));
        assertFalse(result(b.presence.route(both, carl)).reachable());
        assertEquals(List.of(), result(b.presence.onlineUsers(new UserLookup("", null, 100))).users());

        // Both survivors reap every 300 ms; give them two more rounds to publish a second time, which must not happen.
        Set<RecordingDelivery.Published> expected = Set.of(
                new RecordingDelivery.Published("leave", lobby.room(), carl, io.chatservice.core.Target.roomChange(lobby.room())),
                new RecordingDelivery.Published("leave", lobby.room(), cleo, io.chatservice.core.Target.roomChange(lobby.room())),
                new RecordingDelivery.Published("leave", null, carl, io.chatservice.core.Target.watchers(carl)));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> {
            List<RecordingDelivery.Published> all = new java.util.ArrayList<>(a.delivery.published());
            all.addAll(b.delivery.published());
            return all.size() == expected.size() && Set.copyOf(all).equals(expected);
        });
    }

    @Test
    void withPresenceNotPublicADeadNodesUsersLeaveTheirRoomsButThePrivateChannelHearsNothing() {
        StateNodes.Node a = nodes.startWithPresenceNotPublic(name("a"));
        StateNodes.Node c = nodes.startWithPresenceNotPublic(name("c"));
        Scope lobby = Scope.room(name("lobby"));
        String carl = name("carl");
        result(c.presence.entered(lobby, carl));
        result(c.presence.entered(Scope.PRIVATE_CHANNEL, carl));

        c.crash();

        await().atMost(StateNodes.NODE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> privateOnline(a, carl).isEmpty());
        // The reaper runs every 300 ms: two more rounds would publish a leave they owed.
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> a.delivery.published()
                .equals(List.of(new RecordingDelivery.Published("leave", lobby.room(), carl,
                        io.chatservice.core.Target.roomChange(lobby.room())))));
    }

    @Test
    void aCleanStopTakesTheNodesUsersOutAtOnceWithTheirLeaves() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope lobby = Scope.room(name("lobby"));
        String ann = name("ann");
        String both = name("both");
        result(a.presence.entered(lobby, ann));
        result(a.presence.entered(lobby, both));
        result(b.presence.entered(lobby, both));

        a.stop();

        assertEquals(List.of(both), result(b.presence.members(lobby, null, 100)).users());
        assertEquals(List.of(new RecordingDelivery.Published("leave", lobby.room(), ann,
                io.chatservice.core.Target.roomChange(lobby.room()))), a.delivery.published());
    }
}
