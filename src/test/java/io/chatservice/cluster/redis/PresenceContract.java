package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.core.Route;
import io.chatservice.core.Scope;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.MemberPage;
import io.chatservice.core.RoomPresence;
import io.chatservice.core.RoomsPage;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPage;
import io.chatservice.core.UserPresence;

/**
 * What presence over Redis must do whatever the Redis: first and last anywhere, cluster-wide lists, routes. Run on a
 * single server and on a Redis Cluster by the subclasses.
 */
abstract class PresenceContract {

    /** Started by each subclass, once per class. */
    protected static StateRedis redis;
    protected StateNodes nodes;
    protected String tag;

    /** How a node's client reaches this test's Redis. */
    /** Empties Redis between tests. */
    @BeforeEach
    void startNodes() {
        redis.flush();
        nodes = new StateNodes(redis.vertx, redis::options);
        tag = UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.close();
    }

    protected String name(String base) {
        return base + "-" + tag;
    }

    private static final UserLookup EVERYONE = new UserLookup("", null, 100);

    private static List<String> privateOnline(StateNodes.Node node, String... users) {
        return result(node.presence.privateOnline(java.util.Arrays.stream(users).map(NameForms::userForm).toList()));
    }

    @Test
    void firstAndLastConnectionAnywhereAcrossTwoNodes() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope room = Scope.room(name("lobby"));
        String ann = name("ann");

        assertTrue(result(a.presence.entered(room, ann)), "first anywhere");
        assertFalse(result(b.presence.entered(room, ann)), "already in on a");
        assertFalse(result(a.presence.left(room, ann)), "still in on b");
        assertTrue(result(b.presence.left(room, ann)), "last anywhere");
        assertEquals(List.of(), result(a.presence.members(room, null, 100)).users());

        assertTrue(result(b.presence.entered(Scope.PRIVATE_CHANNEL, ann)));
        assertFalse(result(a.presence.entered(Scope.PRIVATE_CHANNEL, ann)));
        assertFalse(result(b.presence.left(Scope.PRIVATE_CHANNEL, ann)));
        assertTrue(result(a.presence.left(Scope.PRIVATE_CHANNEL, ann)));
    }

    /** Everything the nodes' presence told, over all of them. */
    private static List<String> toldBy(StateNodes.Node... nodes) {
        List<String> all = new java.util.ArrayList<>();
        for (StateNodes.Node node : nodes) {
            all.addAll(node.events.told);
        }
        return all;
    }

    @Test
    void aRoomsFirstAndLastAnywhereAndAUsersFirstAndLastPrivateConnectionAreToldOnceByTheNodeThatMadeThem() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope room = Scope.room(name("lobby"));
        String ann = name("ann"), bea = name("bea");

        result(a.presence.entered(room, ann));
        result(b.presence.entered(room, bea));
        result(b.presence.entered(room, ann));
        result(b.presence.entered(Scope.PRIVATE_CHANNEL, ann));
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, ann));
        assertEquals(List.of("occupied " + room.room(), "online " + ann), toldBy(a, b));
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
    void membersOnlineAndRoomsAreClusterWideAndSorted() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope lobby = Scope.room(name("lobby"));
        Scope attic = Scope.room(name("attic"));
        String zed = name("zed");
        String amy = name("amy");
        result(a.presence.entered(lobby, zed));
        result(b.presence.entered(lobby, amy));
        result(b.presence.entered(attic, zed));
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, zed));
        a.presence.connected(zed);
        a.presence.connected(zed);
        b.presence.connected(zed);
        b.presence.connected(amy);

        for (StateNodes.Node reader : List.of(a, b)) {
            assertEquals(List.of(amy, zed), result(reader.presence.members(lobby, null, 100)).users());
            assertEquals(List.of(zed), privateOnline(reader, amy, zed));
            assertEquals(new RoomsPage(List.of(new RoomPresence(attic.room(), 1, List.of(zed)),
                    new RoomPresence(lobby.room(), 2, List.of(amy, zed))), null), result(reader.presence.rooms(null, 10, 100)));
            assertEquals(Optional.of(new RoomPresence(lobby.room(), 2, List.of(amy, zed))),
                    result(reader.presence.room(lobby.room(), 100)));
            assertEquals(Optional.empty(), result(reader.presence.room(name("nowhere"), 100)));
            assertEquals(new UserPage(List.of(new UserPresence(amy, 1), new UserPresence(zed, 3)), null),
                    result(reader.presence.onlineUsers(EVERYONE)));
        }

        b.presence.disconnected(amy);
        a.presence.disconnected(zed);
        await().atMost(Duration.ofSeconds(2)).until(() -> result(b.presence.onlineUsers(EVERYONE)).users()
                .equals(List.of(new UserPresence(zed, 2))));
    }

    @Test
    void aLookupPagesTheOnlineUsersOfEveryNodeByFoldedPrefix() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        String albert = "ALbert" + tag, alice = "Alice" + tag, alina = "alina" + tag, bob = "bob" + tag;
        a.presence.connected(albert);
        b.presence.connected(alice);
        a.presence.connected(alina);
        b.presence.connected(alina);
        a.presence.connected(bob);

        await().atMost(Duration.ofSeconds(2)).until(() -> result(a.presence.onlineUsers(EVERYONE)).users().size() == 4);
        UserPage first = result(b.presence.onlineUsers(new UserLookup("\uff21l", null, 2)));
        UserPage second = result(b.presence.onlineUsers(new UserLookup("al", first.next(), 2)));

        assertEquals(new UserPage(List.of(new UserPresence(albert, 1), new UserPresence(alice, 1)), alice), first);
        assertEquals(new UserPage(List.of(new UserPresence(alina, 2)), null), second);
        assertEquals(List.of(), result(a.presence.onlineUsers(new UserLookup("alz", null, 2))).users());
    }

    @Test
    void aUserOnThePrivateChannelIsFoundByTheFormOfTheirName() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        String bob = "Bob" + tag;
        result(b.presence.entered(Scope.PRIVATE_CHANNEL, bob));
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, bob));

        assertEquals(List.of(bob), privateOnline(a, "BOB" + tag, "nobody" + tag));
        result(b.presence.left(Scope.PRIVATE_CHANNEL, bob));
        assertEquals(List.of(bob), privateOnline(a, "bob" + tag), "still on a");
        result(a.presence.left(Scope.PRIVATE_CHANNEL, bob));
        assertEquals(List.of(), privateOnline(b, "bob" + tag));
    }

    @Test
    void membersArePagedInNameOrderWithTheCountOverTheCluster() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        Scope lobby = Scope.room(name("lobby"));
        List<String> users = List.of(name("amy"), name("bea"), name("cal"), name("dan"), name("eve"));
        for (int i = 0; i < users.size(); i++) {
            result((i % 2 == 0 ? a : b).presence.entered(lobby, users.get(i)));
        }
        result(b.presence.entered(lobby, users.get(0))); // on both nodes, counted once

        MemberPage first = result(a.presence.members(lobby, null, 2));
        MemberPage second = result(b.presence.members(lobby, first.next(), 2));
        MemberPage last = result(a.presence.members(lobby, second.next(), 2));

        assertEquals(new MemberPage(5, users.subList(0, 2), users.get(1)), first);
        assertEquals(new MemberPage(5, users.subList(2, 4), users.get(3)), second);
        assertEquals(new MemberPage(5, users.subList(4, 5), null), last);
        assertEquals(5, result(b.presence.count(lobby)));
        result(a.presence.left(lobby, users.get(2)));
        assertEquals(new MemberPage(4, List.of(users.get(3), users.get(4)), null),
                result(b.presence.members(lobby, users.get(1), 2)));
    }

    @Test
    void roomsArePagedInNameOrderEachWithItsCountAndFirstMembers() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        String prefix = name("room") + "-";
        String amy = name("amy"), bea = name("bea");
        result(a.presence.entered(Scope.room(prefix + "c"), amy));
        result(b.presence.entered(Scope.room(prefix + "a"), bea));
        result(a.presence.entered(Scope.room(prefix + "a"), amy));
        result(b.presence.entered(Scope.room(prefix + "b"), bea));

        RoomsPage first = result(a.presence.rooms(prefix, 2, 1));
        RoomsPage rest = result(b.presence.rooms(first.next(), 2, 1));

        assertEquals(new RoomsPage(List.of(new RoomPresence(prefix + "a", 2, List.of(amy)),
                new RoomPresence(prefix + "b", 1, List.of(bea))), prefix + "b"), first);
        assertEquals(new RoomsPage(List.of(new RoomPresence(prefix + "c", 1, List.of(amy))), null), rest);
        result(a.presence.left(Scope.room(prefix + "c"), amy));
        assertEquals(new RoomsPage(List.of(), null), result(b.presence.rooms(first.next(), 2, 1)), "an emptied room");
    }

    @Test
    void routeNamesTheNodesOfBothUsers() {
        StateNodes.Node a = nodes.start(name("a"));
        StateNodes.Node b = nodes.start(name("b"));
        String ann = name("ann");
        String bob = name("bob");
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, ann));
        result(b.presence.entered(Scope.PRIVATE_CHANNEL, bob));
        result(a.presence.entered(Scope.PRIVATE_CHANNEL, bob));

        assertEquals(new Route(Set.of(a.id, b.id), Set.of(a.id)), result(a.presence.route(ann, bob)));
        assertEquals(new Route(Set.of(a.id), Set.of(a.id, b.id)), result(b.presence.route(bob, ann)));

        Route offline = result(a.presence.route(ann, name("nobody")));
        assertFalse(offline.reachable());
        assertEquals(Set.of(a.id), offline.fromNodes());

        result(a.presence.left(Scope.PRIVATE_CHANNEL, bob));
        assertEquals(Set.of(b.id), result(a.presence.route(ann, bob)).toNodes());
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
        assertEquals(List.of(), result(b.presence.onlineUsers(EVERYONE)).users());

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
