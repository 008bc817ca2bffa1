package io.chatservice.contract;

import static io.chatservice.contract.Messages.roomMessage;
import static io.chatservice.contract.Results.result;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.core.Changed;
import io.chatservice.core.Envelope;
import io.chatservice.core.Route;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.history.Changes;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.history.Revision;

/**
 * What keeping and reading history must do on any back end: offsets, epochs, bounds, idempotent resends, recovery
 * and paging, changes, and that every node receives a stream's messages in offset order. A back end implements
 * {@link io.chatservice.core.Delivery} and {@link io.chatservice.core.HistoryReads} and runs these; its subclass
 * builds the nodes. The memory back end is one process: its nodes share one history and one fan-out, so what "every
 * node" received is what that fan-out was handed, once.
 */
public abstract class HistoryContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** What a stream keeps unless a test says otherwise. */
    protected static final int SIZE = 500;

    private String tag;

    /** Readies an empty back end for one test. */
    protected abstract void startBackEnd();

    /** A node whose streams keep their newest {@code size} messages, started. */
    protected abstract StreamNode node(String name, int size);

    protected abstract void stopBackEnd();

    protected StreamNode node(String name) {
        return node(name, SIZE);
    }

    @BeforeEach
    void startNodes() {
        tag = UUID.randomUUID().toString().substring(0, 8);
        startBackEnd();
    }

    @AfterEach
    void stopNodes() {
        stopBackEnd();
    }

    protected String name(String base) {
        return base + "-" + tag;
    }

    @Test
    void aConversationIsOneStreamForBothDirectionsAndItsRecipientsGetItInOffsetOrder() {
        StreamNode a = node("a");
        StreamNode b = node("b");
        StreamNode c = node("c");
        String ann = name("ann"), bob = name("bob");
        Route route = new Route(Set.of(b.id), Set.of(a.id, b.id));

        Appended first = result(a.delivery.append(Messages.privateMessage(ann, bob, "hi", route)));
        Appended second = result(a.delivery.append(Messages.privateMessage(bob, ann, "back", route)));

        assertEquals(1, first.kept().offset());
        assertEquals(2, second.kept().offset(), "one stream for both directions");
        await().atMost(WAIT).until(() -> b.got.size() >= 2);
        assertEquals(List.of(1L, 2L), b.offsets());
        assertEquals(StreamKey.conversation(bob, ann), b.got.get(0).stream());
        assertEquals(Target.conversation(ann, bob), b.got.get(0).target());
        Page page = result(c.history.latest(StreamKey.conversation(ann, bob), 10));
        assertEquals(List.of(first.kept(), second.kept()), page.messages(), "kept, and read on any node");
    }

    @Test
    void offsetsAreOneTwoThreeAndEveryNodeInTheRoomGetsEachOnceInThatOrder() throws Exception {
        StreamNode a = node("a");
        StreamNode b = node("b");
        String room = name("lobby");
        a.follow(room);
        b.follow(room);

        List<CompletionStage<Appended>> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.add(a.delivery.append(roomMessage(room, "ann", "m" + i, null)));
        }
        List<Appended> appended = sent.stream().map(Results::result).toList();

        assertEquals(List.of(1L, 2L, 3L), appended.stream().map(x -> x.kept().offset()).toList());
        String epoch = appended.get(0).kept().epoch();
        assertTrue(epoch.matches("[0-9a-z]+"), epoch);
        assertTrue(appended.stream().allMatch(x -> x.kept().epoch().equals(epoch) && !x.duplicate()));
        for (StreamNode node : List.of(a, b)) {
            await().atMost(WAIT).until(() -> node.got.size() >= 3);
            assertEquals(List.of(1L, 2L, 3L), node.offsets(), "the sender's own node too");
            for (int i = 0; i < 3; i++) {
                Envelope envelope = node.got.get(i);
                assertEquals(appended.get(i).kept().frame(), envelope.frame());
                assertEquals(StreamKey.room(room), envelope.stream());
                assertEquals(Target.room(room), envelope.target());
                JsonNode frame = JSON.readTree(envelope.frame());
                assertEquals(i + 1, frame.get("offset").asLong());
                assertEquals(epoch, frame.get("epoch").asText());
                assertEquals("m" + (i + 1), frame.get("info").asText());
                assertEquals(appended.get(i).kept().id(), frame.get("id").asText());
            }
        }
    }


    @Test
    void theStreamKeepsExactlyTheNewestSizeMessages() {
        StreamNode a = node("a", 5);
        String room = name("small");
        for (int i = 1; i <= 8; i++) {
            a.say(room, "ann", "m" + i, null);
        }
        Page page = result(a.history.latest(StreamKey.room(room), 100));
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), offsets(page));
        assertEquals(8, page.latest());
    }


    @Test
    void withSizeZeroNothingIsKeptAndOffsetsStillAdvance() {
        StreamNode a = node("a", 0);
        String room = name("none");
        a.follow(room);
        assertEquals(1, a.say(room, "ann", "one", null).kept().offset());
        assertEquals(2, a.say(room, "ann", "two", null).kept().offset());
        await().atMost(WAIT).until(() -> a.offsets().equals(List.of(1L, 2L)));
        Page page = result(a.history.latest(StreamKey.room(room), 10));
        assertEquals(List.of(), page.messages());
        assertEquals(2, page.latest());
    }


    @Test
    void aResendWithTheSameCidThroughAnotherNodeGivesTheFirstAndPublishesNothing() {
        StreamNode a = node("a");
        StreamNode b = node("b");
        String room = name("retry");
        a.follow(room);
        Appended first = a.say(room, "ann", "once", "c-17");

        Appended again = b.say(room, "ann", "once", "c-17");
        Appended other = b.say(room, "bob", "mine", "c-17");

        assertTrue(again.duplicate());
        assertEquals(first.kept(), again.kept(), "the first's offset, epoch, id and frame");
        assertFalse(other.duplicate(), "a cid is the sender's own");
        assertEquals(2, other.kept().offset());
        await().atMost(WAIT).until(() -> a.got.size() >= 2);
        assertEquals(List.of(1L, 2L), a.offsets(), "the resend was not delivered");
        assertEquals(List.of(1L, 2L), offsets(result(a.history.latest(StreamKey.room(room), 10))), "nor kept");
    }


    @Test
    void afterGivesExactlyWhatWasMissed() {
        StreamNode a = node("a");
        StreamKey stream = StreamKey.room(name("recover"));
        String epoch = sayMany(a, stream.room(), 5);

        Page missed = result(a.history.after(stream, new Position(epoch, 2), 300));
        assertTrue(missed.recovered());
        assertEquals(List.of(3L, 4L, 5L), offsets(missed));
        assertEquals(epoch, missed.epoch());
        assertEquals(5, missed.latest());

        Page nothing = result(a.history.after(stream, new Position(epoch, 5), 300));
        assertTrue(nothing.recovered());
        assertEquals(List.of(), nothing.messages());

        Page all = result(a.history.after(stream, new Position(epoch, 0), 300));
        assertTrue(all.recovered(), "saw the epoch, and none of its messages");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(all));
    }


    @Test
    void afterIsNotRecoveredInAnotherEpochOrAheadOfTheStream() {
        StreamNode a = node("a");
        StreamKey stream = StreamKey.room(name("epochs"));
        String epoch = sayMany(a, stream.room(), 3);

        assertNotRecovered(result(a.history.after(stream, new Position("another", 1), 300)));
        assertNotRecovered(result(a.history.after(stream, new Position("another", 0), 300)), "another epoch at 0");
        assertNotRecovered(result(a.history.after(stream, new Position(epoch, 4), 300)), "ahead of the stream");
        assertNotRecovered(result(a.history.after(StreamKey.room(name("never")), new Position(epoch, 0), 300)),
                "no stream");
    }

    @Test
    void afterIsNotRecoveredForAGapOlderThanTheHistory() {
        StreamNode a = node("a", 5);
        StreamKey stream = StreamKey.room(name("trimmed"));
        String epoch = sayMany(a, stream.room(), 8);

        assertNotRecovered(result(a.history.after(stream, new Position(epoch, 2), 300)), "3 is gone");
        Page exact = result(a.history.after(stream, new Position(epoch, 3), 300));
        assertTrue(exact.recovered());
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), offsets(exact));
    }


    @Test
    void afterIsNotRecoveredForMoreThanTheMost() {
        StreamNode a = node("a");
        StreamKey stream = StreamKey.room(name("many"));
        String epoch = sayMany(a, stream.room(), 5);

        assertNotRecovered(result(a.history.after(stream, new Position(epoch, 1), 3)));
        assertEquals(List.of(3L, 4L, 5L), offsets(result(a.history.after(stream, new Position(epoch, 2), 3))));
    }


    @Test
    void latestAndBeforePageBackOldestFirst() {
        StreamNode a = node("a");
        StreamKey stream = StreamKey.room(name("pages"));
        String epoch = sayMany(a, stream.room(), 7);

        Page newest = result(a.history.latest(stream, 3));
        assertEquals(List.of(5L, 6L, 7L), offsets(newest));
        assertEquals(new Page(epoch, 7, newest.messages(), true), newest);
        assertEquals(List.of(2L, 3L, 4L), offsets(result(a.history.before(stream, 5, 3))));
        assertEquals(List.of(1L), offsets(result(a.history.before(stream, 2, 3))));
        Page none = result(a.history.before(stream, 1, 3));
        assertEquals(List.of(), none.messages());
        assertEquals(7, none.latest());
        assertEquals(epoch, none.epoch());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), offsets(result(a.history.before(stream, 100, 100))));
        assertEquals(List.of(), result(a.history.latest(stream, 0)).messages());
    }


    @Test
    void aStreamNeverWrittenHasNoHistory() {
        StreamNode a = node("a");
        StreamKey stream = StreamKey.room(name("empty"));
        assertEquals(Page.NONE, result(a.history.latest(stream, 10)));
        assertEquals(Page.NONE, result(a.history.before(stream, 10, 10)));
        assertNull(result(a.history.latest(StreamKey.conversation(name("x"), name("y")), 10)).epoch());
    }

    @Test
    void aChangeRewritesTheMessageAndReachesEveryNodeUnderTheNextOffset() {
        StreamNode a = node("a");
        StreamNode b = node("b");
        String room = name("dev");
        a.follow(room);
        b.follow(room);
        Kept message = result(a.delivery.append(Changes.message(room, "ann", "id-ann", "helo"))).kept();

        Changed changed = result(b.delivery.change(Changes.change(room, message, "id-ann", Changes.TRICKY)));

        assertEquals(Changed.Outcome.CHANGED, changed.outcome());
        assertEquals(2, changed.kept().offset());
        for (StreamNode node : List.of(a, b)) {
            await().atMost(WAIT).until(() -> node.got.size() >= 2);
            assertEquals(List.of(1L, 2L), node.offsets());
            assertEquals(changed.kept().frame(), node.got.get(1).frame());
        }
        Page page = result(a.history.latest(StreamKey.room(room), 10));
        assertEquals(List.of(1L, 2L), page.messages().stream().map(Kept::offset).toList());
        assertEquals(Revision.edited(message.frame(), Changes.FRAMES.literal(Changes.TRICKY)),
                page.messages().get(0).frame(), "the frame every back end writes");
        assertEquals(changed.kept().frame(), page.messages().get(1).frame());
    }


    @Test
    void aDeleteLeavesTheSameTombstoneInEveryReadAndADeletedMessageIsNotChangedAgain() {
        StreamNode a = node("a");
        String room = name("dev");
        StreamKey stream = StreamKey.room(room);
        Kept message = result(a.delivery.append(Changes.message(room, "ann", "id-ann", Changes.TRICKY))).kept();
        Kept seen = result(a.delivery.append(Changes.message(room, "ann", "id-ann", "seen"))).kept();

        assertEquals(Changed.Outcome.CHANGED,
                result(a.delivery.change(Changes.change(room, message, "id-ann", null))).outcome());

        String tombstone = Revision.tombstone(message.frame());
        assertEquals(tombstone, result(a.history.latest(stream, 10)).messages().get(0).frame());
        assertEquals(tombstone, result(a.history.before(stream, 2, 1)).messages().get(0).frame());
        assertEquals(tombstone, result(a.history.at(stream, 1)).frame());
        assertEquals(Changed.Outcome.ALREADY_DELETED,
                result(a.delivery.change(Changes.change(room, message, "id-ann", null))).outcome());
        assertEquals(Changed.Outcome.DELETED,
                result(a.delivery.change(Changes.change(room, message, "id-ann", "back"))).outcome());
        Page missed = result(a.history.after(stream, new Position(seen.epoch(), 1), 10));
        assertEquals(List.of(2L, 3L), missed.messages().stream().map(Kept::offset).toList());
        assertEquals(3, missed.latest(), "only the first delete is kept");
    }


    @Test
    void onlyItsAuthorChangesAMessageWithinTheWindowAndTheBackendAnyAtAnyTime() {
        StreamNode a = node("a");
        String room = name("dev");
        Kept message = result(a.delivery.append(Changes.message(room, "ann", "id-ann", "hi"))).kept();
        Kept unowned = result(a.delivery.append(roomMessage(room, "ann", "kept before authors", null))).kept();
        long late = System.currentTimeMillis() + Changes.WINDOW_MILLIS + 1000;

        assertEquals(Changed.Outcome.NOT_AUTHOR,
                result(a.delivery.change(Changes.change(room, message, "id-later-ann", "x"))).outcome());
        assertEquals(Changed.Outcome.NOT_AUTHOR,
                result(a.delivery.change(Changes.change(room, unowned, "id-ann", "x"))).outcome());
        assertEquals(Changed.Outcome.WINDOW_CLOSED,
                result(a.delivery.change(Changes.change(room, message, "id-ann", "x", late))).outcome());
        assertEquals(2, result(a.history.latest(StreamKey.room(room), 10)).latest(), "nothing kept");
        assertEquals(Changed.Outcome.CHANGED,
                result(a.delivery.change(Changes.change(room, message, null, "x", late))).outcome());
    }


    @Test
    void aChangeNamesAKeptMessageByItsOffsetAndId() {
        StreamNode a = node("a", 2);
        String room = name("dev");
        Kept first = result(a.delivery.append(Changes.message(room, "ann", "id-ann", "one"))).kept();
        Kept second = result(a.delivery.append(Changes.message(room, "ann", "id-ann", "two"))).kept();
        Kept changeOfSecond = result(a.delivery.change(Changes.change(room, second, "id-ann", "two!"))).kept();

        assertEquals(Changed.Outcome.UNKNOWN,
                result(a.delivery.change(Changes.change(room, first, "id-ann", "x"))).outcome(), "no longer kept");
        assertEquals(Changed.Outcome.UNKNOWN, result(a.delivery.change(Changes.change(room,
                new Kept(2, second.epoch(), "other-id", second.frame()), "id-ann", "x"))).outcome());
        assertEquals(Changed.Outcome.UNKNOWN,
                result(a.delivery.change(Changes.change(room, changeOfSecond, "id-ann", "x"))).outcome(),
                "a change is no message");
        assertEquals(Changed.Outcome.UNKNOWN,
                result(a.delivery.change(Changes.change(name("ops"), second, "id-ann", "x"))).outcome());
        assertEquals(List.of(2L, 3L), result(a.history.latest(StreamKey.room(room), 10)).messages().stream()
                .map(Kept::offset).toList());
    }

    /** Says {@code count} messages in the room; returns the stream's epoch. */
    protected static String sayMany(StreamNode node, String room, int count) {
        String epoch = null;
        for (int i = 1; i <= count; i++) {
            epoch = node.say(room, "ann", "m" + i, null).kept().epoch();
        }
        return epoch;
    }

    protected static List<Long> offsets(Page page) {
        return page.messages().stream().map(Kept::offset).toList();
    }

    protected static void assertNotRecovered(Page page) {
        assertNotRecovered(page, "");
    }

    protected static void assertNotRecovered(Page page, String why) {
        assertFalse(page.recovered(), why);
        assertEquals(List.of(), page.messages(), "nothing partial " + why);
    }
}
