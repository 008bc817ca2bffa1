package io.chatservice.contract;

import static io.chatservice.contract.Results.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.core.Presence;
import io.chatservice.core.RoomPresence;
import io.chatservice.core.RoomsPage;
import io.chatservice.core.Route;
import io.chatservice.core.Scope;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPage;
import io.chatservice.core.UserPresence;
import io.chatservice.protocol.MemberPage;
import io.chatservice.protocol.NameForms;

/**
 * What presence must do on any back end: the first and the last connection anywhere, lists over every node, routes.
 * A back end implements {@link Presence} and runs these; its subclass builds the nodes. Two nodes of the Redis back
 * end are two processes with their own entries; the memory back end is one process, so its "nodes" are connections
 * of that process, which share its registry: what one node does, the other sees at once, and both have one id.
 */
public abstract class PresenceContract {

    private static final UserLookup EVERYONE = new UserLookup("", null, 100);

    protected String tag;

    /**
     * One node of the back end under test, as the endpoints use it: a connection of a user enters or leaves a scope
     * through it (its presence hears of the node's first and last one), and it reads what every node agrees on.
     */
    protected interface PresenceNode {

        String id();

        /** The node's presence, for what it reads. */
        Presence presence();

        /** A connection of the user on this node enters the scope: true if it is the first anywhere. */
        CompletionStage<Boolean> join(Scope scope, String user);

        /** A connection of the user on this node that {@link #join joined} the scope leaves it: true if the last. */
        CompletionStage<Boolean> leave(Scope scope, String user);

        /** A connection of the user opened on this node, on either channel. */
        void connected(String user);

        /** A connection of the user that {@link #connected} on this node closed. */
        void disconnected(String user);
    }

    /** Readies an empty back end for one test. */
    protected abstract void startBackEnd();

    /** A node of the back end, started. */
    protected abstract PresenceNode node(String id);

    /** What the presence of every node told its chat events, as {@code "online alice"}, in no particular order. */
    protected abstract List<String> told();

    protected abstract void stopBackEnd();

    @BeforeEach
    void startNodes() {
        tag = UUID.randomUUID().toString().substring(0, 6);
        startBackEnd();
    }

    @AfterEach
    void stopNodes() {
        stopBackEnd();
    }

    protected String name(String base) {
        return base + "-" + tag;
    }

    private static List<String> privateOnline(PresenceNode node, String... users) {
        return result(node.presence().privateOnline(Arrays.stream(users).map(NameForms::userForm).toList()));
    }

    /** The nodes' ids: one, on a back end whose nodes are one process. */
    private static Set<String> ids(PresenceNode... nodes) {
        return Arrays.stream(nodes).map(PresenceNode::id).collect(Collectors.toSet());
    }

    private List<String> toldSorted() {
        return told().stream().sorted().toList();
    }

    @Test
    void firstAndLastConnectionAnywhereAcrossTwoNodes() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        Scope room = Scope.room(name("lobby"));
        String ann = name("ann");

        assertTrue(result(a.join(room, ann)), "first anywhere");
        assertFalse(result(b.join(room, ann)), "already in on a");
        assertFalse(result(a.leave(room, ann)), "still in on b");
        assertTrue(result(b.leave(room, ann)), "last anywhere");
        assertEquals(List.of(), result(a.presence().members(room, null, 100)).users());

        assertTrue(result(b.join(Scope.PRIVATE_CHANNEL, ann)));
        assertFalse(result(a.join(Scope.PRIVATE_CHANNEL, ann)));
        assertFalse(result(b.leave(Scope.PRIVATE_CHANNEL, ann)));
        assertTrue(result(a.leave(Scope.PRIVATE_CHANNEL, ann)));
    }

    @Test
    void aRoomsFirstAndLastAnywhereAndAUsersFirstAndLastPrivateConnectionAreToldOnce() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        Scope room = Scope.room(name("lobby"));
        String ann = name("ann"), bea = name("bea");

        result(a.join(room, ann));
        result(b.join(room, bea));
        result(b.join(room, ann));
        result(b.join(Scope.PRIVATE_CHANNEL, ann));
        result(a.join(Scope.PRIVATE_CHANNEL, ann));
        assertEquals(List.of("occupied " + room.room(), "online " + ann), toldSorted());

        result(a.leave(room, ann));
        result(b.leave(room, ann));
        result(b.leave(room, bea));
        result(b.leave(Scope.PRIVATE_CHANNEL, ann));
        result(a.leave(Scope.PRIVATE_CHANNEL, ann));
        assertEquals(List.of("occupied " + room.room(), "offline " + ann, "online " + ann, "vacated " + room.room()),
                toldSorted());
    }

    @Test
    void membersOnlineAndRoomsAreClusterWideAndSorted() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        Scope lobby = Scope.room(name("lobby"));
        Scope attic = Scope.room(name("attic"));
        String zed = name("zed");
        String amy = name("amy");
        result(a.join(lobby, zed));
        result(b.join(lobby, amy));
        result(b.join(attic, zed));
        result(a.join(Scope.PRIVATE_CHANNEL, zed));
        a.connected(zed);
        a.connected(zed);
        b.connected(zed);
        b.connected(amy);

        for (PresenceNode reader : List.of(a, b)) {
            Presence presence = reader.presence();
            assertEquals(List.of(amy, zed), result(presence.members(lobby, null, 100)).users());
            assertEquals(List.of(zed), privateOnline(reader, amy, zed));
            assertEquals(new RoomsPage(List.of(new RoomPresence(attic.room(), 1, List.of(zed)),
                    new RoomPresence(lobby.room(), 2, List.of(amy, zed))), null), result(presence.rooms(null, 10, 100)));
            assertEquals(Optional.of(new RoomPresence(lobby.room(), 2, List.of(amy, zed))),
                    result(presence.room(lobby.room(), 100)));
            assertEquals(Optional.empty(), result(presence.room(name("nowhere"), 100)));
            assertEquals(new UserPage(List.of(new UserPresence(amy, 1), new UserPresence(zed, 3)), null),
                    result(presence.onlineUsers(EVERYONE)));
        }

        b.disconnected(amy);
        a.disconnected(zed);
        await().atMost(Duration.ofSeconds(2)).until(() -> result(b.presence().onlineUsers(EVERYONE)).users()
                .equals(List.of(new UserPresence(zed, 2))));
    }

    @Test
    void aLookupPagesTheOnlineUsersOfEveryNodeByFoldedPrefix() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        String albert = "ALbert" + tag, alice = "Alice" + tag, alina = "alina" + tag, bob = "bob" + tag;
        a.connected(albert);
        b.connected(alice);
        a.connected(alina);
        b.connected(alina);
        a.connected(bob);

        await().atMost(Duration.ofSeconds(2)).until(() -> result(a.presence().onlineUsers(EVERYONE)).users().size() == 4);
        UserPage first = result(b.presence().onlineUsers(new UserLookup("\uff21l", null, 2)));
        UserPage second = result(b.presence().onlineUsers(new UserLookup("al", first.next(), 2)));

        assertEquals(new UserPage(List.of(new UserPresence(albert, 1), new UserPresence(alice, 1)), alice), first);
        assertEquals(new UserPage(List.of(new UserPresence(alina, 2)), null), second);
        assertEquals(List.of(), result(a.presence().onlineUsers(new UserLookup("alz", null, 2))).users());
    }

    @Test
    void aUserOnThePrivateChannelIsFoundByTheFormOfTheirName() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        String bob = "Bob" + tag;
        result(b.join(Scope.PRIVATE_CHANNEL, bob));
        result(a.join(Scope.PRIVATE_CHANNEL, bob));

        assertEquals(List.of(bob), privateOnline(a, "BOB" + tag, "nobody" + tag));
        result(b.leave(Scope.PRIVATE_CHANNEL, bob));
        assertEquals(List.of(bob), privateOnline(a, "bob" + tag), "still on a");
        result(a.leave(Scope.PRIVATE_CHANNEL, bob));
        assertEquals(List.of(), privateOnline(b, "bob" + tag));
    }

    @Test
    void membersArePagedInNameOrderWithTheCountOverTheCluster() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        Scope lobby = Scope.room(name("lobby"));
        List<String> users = List.of(name("amy"), name("bea"), name("cal"), name("dan"), name("eve"));
        for (int i = 0; i < users.size(); i++) {
            result((i % 2 == 0 ? a : b).join(lobby, users.get(i)));
        }
        result(b.join(lobby, users.get(0))); // on both nodes, counted once

        MemberPage first = result(a.presence().members(lobby, null, 2));
        MemberPage second = result(b.presence().members(lobby, first.next(), 2));
        MemberPage last = result(a.presence().members(lobby, second.next(), 2));

        assertEquals(new MemberPage(5, users.subList(0, 2), users.get(1)), first);
        assertEquals(new MemberPage(5, users.subList(2, 4), users.get(3)), second);
        assertEquals(new MemberPage(5, users.subList(4, 5), null), last);
        assertEquals(5, result(b.presence().count(lobby)));
        result(a.leave(lobby, users.get(2)));
        assertEquals(new MemberPage(4, List.of(users.get(3), users.get(4)), null),
                result(b.presence().members(lobby, users.get(1), 2)));
    }

    @Test
    void roomsArePagedInNameOrderEachWithItsCountAndFirstMembers() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        String prefix = name("room") + "-";
        String amy = name("amy"), bea = name("bea");
        result(a.join(Scope.room(prefix + "c"), amy));
        result(b.join(Scope.room(prefix + "a"), bea));
        result(a.join(Scope.room(prefix + "a"), amy));
        result(b.join(Scope.room(prefix + "b"), bea));

        RoomsPage first = result(a.presence().rooms(prefix, 2, 1));
        RoomsPage rest = result(b.presence().rooms(first.next(), 2, 1));

        assertEquals(new RoomsPage(List.of(new RoomPresence(prefix + "a", 2, List.of(amy)),
                new RoomPresence(prefix + "b", 1, List.of(bea))), prefix + "b"), first);
        assertEquals(new RoomsPage(List.of(new RoomPresence(prefix + "c", 1, List.of(amy))), null), rest);
        result(a.leave(Scope.room(prefix + "c"), amy));
        assertEquals(new RoomsPage(List.of(), null), result(b.presence().rooms(first.next(), 2, 1)), "an emptied room");
    }

    @Test
    void routeNamesTheNodesOfBothUsers() {
        PresenceNode a = node(name("a"));
        PresenceNode b = node(name("b"));
        String ann = name("ann");
        String bob = name("bob");
        result(a.join(Scope.PRIVATE_CHANNEL, ann));
        result(b.join(Scope.PRIVATE_CHANNEL, bob));
        result(a.join(Scope.PRIVATE_CHANNEL, bob));

        assertEquals(new Route(ids(a, b), ids(a)), result(a.presence().route(ann, bob)));
        assertEquals(new Route(ids(a), ids(a, b)), result(b.presence().route(bob, ann)));

        Route offline = result(a.presence().route(ann, name("nobody")));
        assertFalse(offline.reachable());
        assertEquals(ids(a), offline.fromNodes());

        result(a.leave(Scope.PRIVATE_CHANNEL, bob));
        assertEquals(ids(b), result(a.presence().route(ann, bob)).toNodes());
    }
}
