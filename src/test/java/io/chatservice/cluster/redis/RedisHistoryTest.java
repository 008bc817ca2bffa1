package io.chatservice.cluster.redis;

import static io.chatservice.cluster.redis.HistoryNodes.WAIT;
import static io.chatservice.cluster.redis.HistoryNodes.privateMessage;
import static io.chatservice.cluster.redis.HistoryNodes.roomMessage;
import static io.chatservice.cluster.redis.StateNodes.refusal;
import static io.chatservice.cluster.redis.StateNodes.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.cluster.Payload;
import io.chatservice.core.Outgoing;
import io.chatservice.core.Route;
import io.chatservice.core.Target;
import io.chatservice.history.Draft;
import io.chatservice.core.StreamKey;
import io.chatservice.protocol.ErrorCode;

/**
 * History on a single {@code redis-server}, and what only a single server lets a test do to it: lose a node's
 * messages on the way, and watch the node put them back from the stream, in order, each once.
 */
class RedisHistoryTest extends RedisHistoryContract {

    @BeforeAll
    static void startRedis() {
        redis = StateRedis.server();
    }

    @Test
    void aMessagePubSubLostIsReadBackFromTheStreamBeforeTheNextOnesInOrder() {
        HistoryNodes.Node a = nodes.start("a");
        HistoryNodes.Node b = nodes.start("b");
        String room = name("gap");
        a.follow(room);
        b.say(room, "bob", "one", null);
        await().atMost(WAIT).until(() -> a.offsets().equals(List.of(1L)));

        keptButNotPublished(b, room, "two");
        keptButNotPublished(b, room, "three");
        // Sent back to back: the fourth arrives while the repair that the third set off is still reading.
        CompletableFuture.allOf(b.delivery.append(roomMessage(room, "bob", "four", null)).toCompletableFuture(),
                b.delivery.append(roomMessage(room, "bob", "five", null)).toCompletableFuture()).join();

        await().atMost(WAIT).until(() -> a.got.size() >= 5);
        assertEquals(range(1, 5), a.offsets());
        assertEquals(2.0, a.counted("chat.broker.repaired"));
        assertTrue(a.got.get(1).frame().contains("\"info\":\"two\""), a.got.get(1).frame());
        assertEquals(StreamKey.room(room), a.got.get(1).stream());
        assertEquals(Target.room(room), a.got.get(1).target());
    }

    @Test
    void afterRedisDropsTheSubscriberWhatWasSaidMeanwhileArrivesOnceInOrder() {
        HistoryNodes.Node a = nodes.start("a");
        HistoryNodes.Node b = nodes.start("b");
        String room = name("dropped");
        a.follow(room);
        b.say(room, "bob", "one", null);
        await().atMost(WAIT).until(() -> a.offsets().equals(List.of(1L)));

        redis.single().cli("CLIENT", "KILL", "TYPE", "pubsub");
        // a's subscriber waits for its backoff before it reconnects: these are published to nobody on a.
        b.say(room, "bob", "two", null);
        b.say(room, "bob", "three", null);
        await().atMost(WAIT).until(() -> a.got.size() >= 3);
        b.say(room, "bob", "four", null);

        await().atMost(WAIT).until(() -> a.got.size() >= 4);
        assertEquals(range(1, 4), a.offsets());
        // "two" is read back for certain; "three" too, unless the subscriber's backoff ended before it was published
        assertTrue(a.counted("chat.broker.repaired") >= 1.0, "read back after the resubscription");
        b.say(room, "bob", "fence", null);
        await().atMost(WAIT).until(() -> a.got.size() >= 5);
        assertEquals(range(1, 5), a.offsets(), "nothing twice");
    }

    @Test
    void aRoomFollowedAgainStartsAfreshAndARepairDoesNotReachBeforeIt() {
        HistoryNodes.Node a = nodes.start("a");
        HistoryNodes.Node b = nodes.start("b");
        String room = name("again");
        a.follow(room);
        b.say(room, "bob", "one", null);
        await().atMost(WAIT).until(() -> a.offsets().equals(List.of(1L)));
        a.delivery.unfollow(room);
        keptButNotPublished(b, room, "two"); // said while nobody here was in the room
        a.follow(room);
        b.say(room, "bob", "three", null);
        b.say(room, "bob", "four", null);

        await().atMost(WAIT).until(() -> a.got.size() >= 3);
        assertEquals(List.of(1L, 3L, 4L), a.offsets(), "nothing from before the room was followed again");
    }

    /** Ann's private connection is on node a, Bob writes from node b; his first message has reached a. */
    private record Chat(HistoryNodes.Node a, HistoryNodes.Node b, String ann, String bob, Route toA) {
    }

    private Chat annOnAHasBobsFirstMessage() {
        HistoryNodes.Node a = nodes.start("a");
        HistoryNodes.Node b = nodes.start("b");
        Chat chat = new Chat(a, b, name("ann"), name("bob"), new Route(Set.of(a.id), Set.of(b.id)));
        a.delivery.joinedPrivate(chat.ann);
        result(b.delivery.append(privateMessage(chat.bob, chat.ann, "one", chat.toA)));
        await().atMost(WAIT).until(() -> a.offsets().equals(List.of(1L)));
        return chat;
    }

    @Test
    void aPrivateMessagePubSubLostIsReadBackFromTheConversationBeforeTheNextOnes() {
        Chat chat = annOnAHasBobsFirstMessage();
        HistoryNodes.Node a = chat.a, b = chat.b;
        String ann = chat.ann, bob = chat.bob;
        Route toA = chat.toA;

        keptButNotPublished(b, privateMessage(bob, ann, "two", toA));
        result(b.delivery.append(privateMessage(bob, ann, "three", toA)));

        await().atMost(WAIT).until(() -> a.got.size() >= 3);
        assertEquals(range(1, 3), a.offsets());
        assertEquals(1.0, a.counted("chat.broker.repaired"));
        assertTrue(a.got.get(1).frame().contains("\"info\":\"two\""), a.got.get(1).frame());
        assertEquals(StreamKey.conversation(ann, bob), a.got.get(1).stream());
        assertEquals(Target.conversation(ann, bob), a.got.get(1).target());
    }

    @Test
    void afterRedisDropsTheSubscriberAConversationWithAUserHereIsReadBackOnceInOrder() {
        Chat chat = annOnAHasBobsFirstMessage();
        HistoryNodes.Node a = chat.a, b = chat.b;
        String ann = chat.ann, bob = chat.bob;
        Route toA = chat.toA;

        redis.single().cli("CLIENT", "KILL", "TYPE", "pubsub");
        result(b.delivery.append(privateMessage(bob, ann, "two", toA)));
        result(b.delivery.append(privateMessage(ann, bob, "three", new Route(Set.of(b.id), Set.of(a.id)))));

        await().atMost(WAIT).until(() -> a.got.size() >= 3);
        assertEquals(range(1, 3), a.offsets());
        assertEquals(2.0, a.counted("chat.broker.repaired"), "read back after the resubscription");
        result(b.delivery.append(privateMessage(bob, ann, "fence", toA)));
        await().atMost(WAIT).until(() -> a.got.size() >= 4);
        assertEquals(range(1, 4), a.offsets(), "nothing twice");
    }

    @Test
    void aConversationIsNotRepairedAcrossATimeNeitherOfItsUsersWasHere() {
        Chat chat = annOnAHasBobsFirstMessage();
        HistoryNodes.Node a = chat.a, b = chat.b;
        String ann = chat.ann, bob = chat.bob;
        Route toA = chat.toA;
        a.delivery.leftPrivate(ann);
        result(b.delivery.append(privateMessage(bob, ann, "two", new Route(Set.of(), Set.of(b.id)))));
        a.delivery.joinedPrivate(ann);
        result(b.delivery.append(privateMessage(bob, ann, "three", toA)));
        result(b.delivery.append(privateMessage(bob, ann, "four", toA)));

        await().atMost(WAIT).until(() -> a.got.size() >= 3);
        assertEquals(List.of(1L, 3L, 4L), a.offsets(), "two was not for this node: ann was not here");
        assertEquals(0.0, a.counted("chat.broker.repaired"));
    }

    @Test
    void whileRedisIsUnreachableAMessageFailsAtOnceAndReachesNobody() {
        HistoryNodes.Node cutOff = nodes.cutOff("cut-off");
        String room = name("alone");
        cutOff.delivery.follow(room);
        long asked = System.nanoTime();
        refusal(cutOff.delivery.append(roomMessage(room, "ann", "hello", null)), ErrorCode.UNAVAILABLE);
        assertTrue(Duration.ofNanos(System.nanoTime() - asked).toMillis() < 500, "failed at once");
        assertEquals(List.of(), cutOff.got, "not even this node's members have it");
        assertEquals(1.0, cutOff.counted("chat.broker.publish.failures"));
    }

    @Test
    void atRedisMaxmemoryAMessageIsRefusedUnavailableAndWhatWasKeptStays() {
        HistoryNodes.Node node = nodes.start("full");
        String room = name("full");
        node.follow(room);
        node.say(room, "ann", "kept before", null);
        // noeviction, as docs/cluster.md says to run it: at maxmemory Redis refuses writes and drops nothing.
        redis.single().cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.single().cli("CONFIG", "SET", "maxmemory", "1");
        try {
            refusal(node.delivery.append(roomMessage(room, "ann", "one too many", null)), ErrorCode.UNAVAILABLE);
            refusal(node.delivery.append(roomMessage(room, "ann", "and another", null)), ErrorCode.UNAVAILABLE);
            assertEquals(List.of(1L), node.offsets(), "the refused messages reached nobody");
            assertEquals(List.of("kept before"), texts(result(node.history.latest(StreamKey.room(room), 10))));
        } finally {
            redis.single().cli("CONFIG", "SET", "maxmemory", "0");
        }
        assertEquals(2, node.say(room, "ann", "room again", null).kept().offset(), "offsets go on where they were");
    }

    private static long pttl(String room) {
        return Long.parseLong(redis.single().cli("PTTL", HistoryScripts.prefix(StreamKey.room(room)) + "h").trim());
    }

    private static RedisEmptyRooms emptyRooms(HistoryNodes.Node node, Duration grace, boolean occupied) {
        return new RedisEmptyRooms(redis.vertx, node.state, grace, HistoryNodes.DEFAULTS.ttl(),
                room -> CompletableFuture.completedFuture(occupied), 0);
    }

    @Test
    void aRoomFoundEmptyOnEveryNodeHasItsHistoryExpireAfterTheGrace() {
        HistoryNodes.Node node = nodes.start("empty");
        String room = name("passing");
        node.say(room, "ann", "one message, then leave", null);

        emptyRooms(node, Duration.ofMillis(300), false).emptiedHere(room);

        await().atMost(WAIT).until(() -> !result(node.history.latest(StreamKey.room(room), 1)).exists());
    }

    @Test
    void aRoomWithAMemberOnAnotherNodeKeepsItsHistoryForTheTtl() {
        HistoryNodes.Node node = nodes.start("busy");
        String room = name("busy");
        node.say(room, "ann", "still talking elsewhere", null);

        emptyRooms(node, Duration.ofMillis(300), true).emptiedHere(room);

        // A read after it on the same connection: any expiry it set is in place once the read is answered.
        assertTrue(result(node.history.latest(StreamKey.room(room), 1)).exists());
        assertTrue(pttl(room) > Duration.ofDays(6).toMillis(), "kept for the ttl: " + pttl(room));
    }

    @Test
    void aFirstMemberBackGivesAnEmptiedRoomItsTtlAgain() {
        HistoryNodes.Node node = nodes.start("back");
        String room = name("back");
        node.say(room, "ann", "before", null);
        RedisEmptyRooms rooms = emptyRooms(node, Duration.ofMinutes(10), false);

        rooms.emptiedHere(room);
        await().atMost(WAIT).until(() -> pttl(room) <= Duration.ofMinutes(10).toMillis());
        rooms.filledHere(room);

        await().atMost(WAIT).until(() -> pttl(room) > Duration.ofDays(6).toMillis());
    }

    private static List<String> texts(io.chatservice.history.Page page) {
        return page.messages().stream().map(kept -> new io.vertx.core.json.JsonObject(kept.frame()).getString("info"))
                .toList();
    }

    /**
     * Runs the append script as the node would, with no mailbox and no channel: a message kept that pub/sub lost on
     * its way.
     */
    private static void keptButNotPublished(HistoryNodes.Node node, String room, String text) {
        keptButNotPublished(node, roomMessage(room, "bob", text, null));
    }

    private static void keptButNotPublished(HistoryNodes.Node node, Outgoing message) {
        Draft draft = message.draft();
        HistorySettings settings = HistoryNodes.DEFAULTS;
        result(node.state.eval(HistoryScripts.APPEND, HistoryScripts.prefix(message.stream()),
                HistoryScripts.newEpoch(), settings.size(), settings.ttlMillis(), settings.cidWindowMillis(),
                message.sender(), "",
                draft.id(), draft.head(), draft.tail(), Payload.keptPrefix(node.id, 0, message.target(),
                        message.stream()), "", "", "", 0, ""));
    }
}
