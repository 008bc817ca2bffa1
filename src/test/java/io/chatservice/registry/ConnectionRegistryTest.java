package io.chatservice.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chatservice.core.RoomPresence;
import io.chatservice.core.RoomsPage;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPage;
import io.chatservice.core.UserPresence;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.protocol.MemberPage;
import io.chatservice.protocol.NameForms;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.websockets.next.WebSocketConnection;

/** Plain JUnit: the registry is ordinary Java over connections it does not call. */
class ConnectionRegistryTest {

    private static final UserLookup EVERYONE = new UserLookup("", null, 100);

    private final ConnectionRegistry registry = new ConnectionRegistry();

    private ChatSession session(String user, ChatChannel channel) {
        ChatSession session = new ChatSession(mock(WebSocketConnection.class), new EmbeddedChannel(), user, channel, "127.0.0.1",
                new AtomicLong());
        registry.open(session);
        return session;
    }

    @Test
    void firstConnectionOfAUserInARoomIsTheOneAnnounced() {
        ChatSession tab1 = session("alice", ChatChannel.GROUP);
        ChatSession tab2 = session("alice", ChatChannel.GROUP);

        assertEquals(JoinOutcome.NEW_ROOM, registry.joinRoom(tab1, "lobby", 20));
        assertEquals(JoinOutcome.ANOTHER_CONNECTION, registry.joinRoom(tab2, "lobby", 20));
        assertEquals(JoinOutcome.ALREADY_IN, registry.joinRoom(tab2, "lobby", 20));
        assertEquals(List.of("alice"), registry.roomMembers("lobby", null, 10).users());
        assertArrayEquals(new ChatSession[] { tab1, tab2 }, registry.roomSessions("lobby"));
    }

    @Test
    void lastConnectionOfAUserToLeaveIsTheOneAnnounced() {
        ChatSession tab1 = session("alice", ChatChannel.GROUP);
        ChatSession tab2 = session("alice", ChatChannel.GROUP);
        registry.joinRoom(tab1, "lobby", 20);
        registry.joinRoom(tab2, "lobby", 20);

        assertEquals(LeaveOutcome.ANOTHER_CONNECTION, registry.leaveRoom(tab1, "lobby"));
        assertEquals(LeaveOutcome.ROOM_EMPTY, registry.leaveRoom(tab2, "lobby"));
        assertEquals(LeaveOutcome.NOT_IN, registry.leaveRoom(tab2, "lobby"), "already out");
    }

    @Test
    void aRoomsMembersArePagedInNameOrderWithTheirCount() {
        for (String user : List.of("dave", "alice", "carol", "bob", "erin")) {
            registry.joinRoom(session(user, ChatChannel.GROUP), "lobby", 20);
        }
        registry.joinRoom(session("bob", ChatChannel.GROUP), "lobby", 20); // a second tab counts once

        MemberPage first = registry.roomMembers("lobby", null, 2);
        MemberPage second = registry.roomMembers("lobby", first.next(), 2);
        MemberPage last = registry.roomMembers("lobby", second.next(), 2);

        assertEquals(new MemberPage(5, List.of("alice", "bob"), "bob"), first);
        assertEquals(new MemberPage(5, List.of("carol", "dave"), "dave"), second);
        assertEquals(new MemberPage(5, List.of("erin"), null), last);
        assertEquals(List.of("carol", "dave", "erin"), registry.roomMembers("lobby", "bz", 3).users(),
                "after a name that is not in the room");
    }

    @Test
    void namesAreOrderedByCodePointAsRedisOrdersThem() {
        // U+FF41 (full-width a) is one UTF-16 unit; U+1D41A (mathematical a) is two, starting below it
        registry.joinRoom(session("\uFF41x", ChatChannel.GROUP), "lobby", 20);
        registry.joinRoom(session("\uD835\uDC1Ax", ChatChannel.GROUP), "lobby", 20);

        assertEquals(List.of("\uFF41x", "\uD835\uDC1Ax"), registry.roomMembers("lobby", null, 10).users());
    }

    @Test
    void roomsArePagedInNameOrderEachWithItsCountAndFirstMembers() {
        for (String room : List.of("dev", "attic", "lobby")) {
            registry.joinRoom(session("alice", ChatChannel.GROUP), room, 20);
        }
        registry.joinRoom(session("bob", ChatChannel.GROUP), "attic", 20);

        RoomsPage first = registry.rooms(null, 2, 1);
        RoomsPage rest = registry.rooms(first.next(), 2, 1);

        assertEquals(new RoomsPage(List.of(new RoomPresence("attic", 2, List.of("alice")),
                new RoomPresence("dev", 1, List.of("alice"))), "dev"), first);
        assertEquals(new RoomsPage(List.of(new RoomPresence("lobby", 1, List.of("alice"))), null), rest);
    }

    @Test
    void anEmptyRoomDisappears() {
        ChatSession alice = session("alice", ChatChannel.GROUP);
        registry.joinRoom(alice, "dev", 20);

        registry.leaveRoom(alice, "dev");

        assertTrue(registry.room("dev", 10).isEmpty());
        assertEquals(0, registry.roomSessions("dev").length);
    }

    @Test
    void aConnectionMayBeInOnlySoManyRooms() {
        ChatSession alice = session("alice", ChatChannel.GROUP);
        registry.joinRoom(alice, "one", 2);
        registry.joinRoom(alice, "two", 2);

        assertEquals(JoinOutcome.ROOM_LIMIT, registry.joinRoom(alice, "three", 2));
        assertEquals(List.of("one", "two"), alice.rooms());
    }

    @Test
    void aRoomThatMayNotBeOpenedIsNotOpened() {
        ChatSession alice = session("alice", ChatChannel.GROUP);

        assertEquals(JoinOutcome.OPENING_LIMIT, registry.joinRoom(alice, "fresh", 20, () -> false));
        assertFalse(registry.hasRoom("fresh"));
        assertEquals(List.of(), alice.rooms());
    }

    @Test
    void enteringARoomSomeoneIsInAsksNothing() {
        ChatSession alice = session("alice", ChatChannel.GROUP);
        ChatSession bob = session("bob", ChatChannel.GROUP);
        registry.joinRoom(alice, "dev", 20);
        AtomicInteger asked = new AtomicInteger();

        assertEquals(JoinOutcome.FIRST_CONNECTION, registry.joinRoom(bob, "dev", 20, () -> asked.incrementAndGet() > 0));
        assertEquals(0, asked.get());
    }

    @Test
    void privateReachabilityFollowsTheUsersPrivateConnections() {
        ChatSession tab1 = session("bob", ChatChannel.PRIVATE);
        ChatSession tab2 = session("bob", ChatChannel.PRIVATE);

        assertTrue(registry.joinPrivate(tab1));
        assertFalse(registry.joinPrivate(tab2));
        assertTrue(registry.isReachable("bob"));
        assertFalse(registry.leavePrivate(tab1));
        assertTrue(registry.leavePrivate(tab2));
        assertFalse(registry.isReachable("bob"));
    }

    @Test
    void onlineUsersCountConnectionsOnEveryChannel() {
        session("alice", ChatChannel.GROUP);
        ChatSession direct = session("alice", ChatChannel.PRIVATE);

        assertEquals(List.of(new UserPresence("alice", 2)), registry.onlineUsers(EVERYONE).users());
        registry.close(direct);
        assertEquals(List.of(new UserPresence("alice", 1)), registry.onlineUsers(EVERYONE).users());
    }

    @Test
    void onlineUsersArePagedInTheOrderOfTheirFoldedNamesFromAPrefix() {
        for (String user : List.of("bob", "alina", "ALbert", "Alice", "al")) {
            session(user, ChatChannel.GROUP);
        }

        UserPage first = registry.onlineUsers(new UserLookup("AL", null, 2));
        UserPage second = registry.onlineUsers(new UserLookup("\uff41l", first.next(), 2));
        UserPage third = registry.onlineUsers(new UserLookup("al", "ALINA", 2));

        assertEquals(new UserPage(List.of(new UserPresence("al", 1), new UserPresence("ALbert", 1)), "ALbert"), first);
        assertEquals(new UserPage(List.of(new UserPresence("Alice", 1), new UserPresence("alina", 1)), null), second);
        assertEquals(new UserPage(List.of(), null), third);
        assertEquals(List.of(), registry.onlineUsers(new UserLookup("b", "zed", 5)).users());
    }

    @Test
    void aUserOnThePrivateChannelIsFoundByTheFormOfTheirName() {
        ChatSession bob = session("Bob", ChatChannel.PRIVATE);
        registry.joinPrivate(bob);

        assertEquals("Bob", registry.privateUser(NameForms.userForm("BOB")));
        registry.leavePrivate(bob);
        assertNull(registry.privateUser(NameForms.userForm("bob")));
    }

    @Test
    void aWatcherIsFoundByAnySpellingOfTheNameItWatchesUntilItStops() {
        ChatSession alice = session("alice", ChatChannel.PRIVATE);
        ChatSession carol = session("carol", ChatChannel.PRIVATE);
        registry.watch(alice, NameForms.userForm("Bob"), "Bob");
        registry.watch(carol, NameForms.userForm("bob"), "bob");
        registry.watch(carol, NameForms.userForm("dave"), "dave");

        assertEquals(Set.of(alice, carol), Set.of(registry.watchers("BOB")));
        registry.unwatch(alice, NameForms.userForm("bob"));
        assertEquals(List.of(carol), List.of(registry.watchers("bob")));
        registry.unwatchAll(carol);
        assertEquals(0, registry.watchers("bob").length);
        assertEquals(0, registry.watchers("dave").length);
        assertEquals(List.of(), carol.watched().names());
    }

    @Test
    void concurrentJoinsAndLeavesLeaveNoTrace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4000);
        for (int i = 0; i < 4000; i++) {
            String user = "user" + (i % 50);
            pool.execute(() -> {
                ChatSession s = session(user, ChatChannel.GROUP);
                registry.joinRoom(s, "busy", 20);
                registry.leaveRoom(s, "busy");
                registry.close(s);
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        pool.shutdown();

        assertTrue(registry.room("busy", 10).isEmpty());
        assertTrue(registry.onlineUsers(EVERYONE).users().isEmpty());
    }

    @Test
    void onlyOneOfManyThreadsGivingUpOnAConnectionClosesIt() throws Exception {
        ChatSession session = session("alice", ChatChannel.GROUP);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger winners = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            pool.execute(() -> {
                if (session.markClosing()) {
                    winners.incrementAndGet();
                }
                done.countDown();
            });
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        pool.shutdown();

        assertEquals(1, winners.get());
        assertTrue(session.isClosing());
    }
}
