package io.chatservice.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.chatservice.core.Change;
import io.chatservice.core.Changed;
import io.chatservice.core.Envelope;
import io.chatservice.core.Outgoing;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.history.Changes;
import io.chatservice.history.Draft;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.history.Revision;

class MemoryHistoryTest {

    private static final long WINDOW = TimeUnit.MINUTES.toNanos(5);
    private static final long DAY = TimeUnit.DAYS.toNanos(1);
    private static final StreamKey DEV = StreamKey.room("dev");

    private final List<Envelope> delivered = new ArrayList<>();
    private int sent;

    private Appended say(MemoryHistory history, StreamKey stream, String cid) {
        String id = "m-" + ++sent;
        Draft draft = new Draft(id, "{\"type\":\"message\",\"id\":\"" + id + "\",\"ts\":1,\"offset\":",
                ",\"room\":\"dev\",\"from_user\":\"alice\",\"info\":\"" + sent + "\"}");
        return history.append(new Outgoing(stream, draft, Target.room("dev"), null, "alice", cid, null, 0),
                delivered::add);
    }

    private static List<Long> offsets(Page page) {
        return page.messages().stream().map(Kept::offset).toList();
    }

    private static Page done(java.util.concurrent.CompletionStage<Page> stage) {
        return stage.toCompletableFuture().join();
    }

    @Test
    void offsetsStartAtOneAndRiseByOneInEachStream() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        assertEquals(1, say(history, DEV, null).kept().offset());
        assertEquals(2, say(history, DEV, null).kept().offset());
        assertEquals(1, say(history, StreamKey.room("ops"), null).kept().offset());
        assertEquals(List.of(1L, 2L, 1L), delivered.stream().map(Envelope::offset).toList());
    }

    @Test
    void theDeliveredFrameCarriesItsOffsetAndEpoch() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        Kept kept = say(history, DEV, null).kept();
        assertTrue(delivered.get(0).frame().contains("\"offset\":1,\"epoch\":\"" + kept.epoch() + "\",\"room\""),
                delivered.get(0).frame());
        assertTrue(kept.epoch().matches("[0-9a-z]{8}"), kept.epoch());
    }

    @Test
    void aStreamKeepsOnlyItsNewestMessages() {
        MemoryHistory history = new MemoryHistory(3, DAY, WINDOW);
        for (int i = 0; i < 5; i++) {
            say(history, DEV, null);
        }
        Page page = done(history.latest(DEV, 10));
        assertEquals(List.of(3L, 4L, 5L), offsets(page));
        assertEquals(5, page.latest());
    }

    @Test
    void pagesGoBackFromAnOffset() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        for (int i = 0; i < 8; i++) {
            say(history, DEV, null);
        }
        assertEquals(List.of(6L, 7L, 8L), offsets(done(history.latest(DEV, 3))));
        assertEquals(List.of(3L, 4L, 5L), offsets(done(history.before(DEV, 6, 3))));
        assertEquals(List.of(1L, 2L), offsets(done(history.before(DEV, 3, 3))));
        assertEquals(List.of(), offsets(done(history.before(DEV, 1, 3))));
    }

    @Test
    void aRecoveryGetsExactlyWhatWasMissed() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        String epoch = say(history, DEV, null).kept().epoch();
        say(history, DEV, null);
        say(history, DEV, null);
        Page page = done(history.after(DEV, new Position(epoch, 1), 300));
        assertTrue(page.recovered());
        assertEquals(List.of(2L, 3L), offsets(page));
    }

    @Test
    void aRecoveryWithNothingMissedIsRecoveredAndEmpty() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        String epoch = say(history, DEV, null).kept().epoch();
        Page page = done(history.after(DEV, new Position(epoch, 1), 300));
        assertTrue(page.recovered());
        assertEquals(List.of(), offsets(page));
    }

    @Test
    void anotherEpochCannotBeRecovered() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        say(history, DEV, null);
        Page page = done(history.after(DEV, new Position("older000", 0), 300));
        assertFalse(page.recovered());
        assertEquals(List.of(), offsets(page));
    }

    @Test
    void aGapOlderThanTheHistoryCannotBeRecovered() {
        MemoryHistory history = new MemoryHistory(3, DAY, WINDOW);
        String epoch = say(history, DEV, null).kept().epoch();
        for (int i = 0; i < 4; i++) {
            say(history, DEV, null);
        }
        // 2..5 were missed, and 2 is no longer kept: nothing partial
        assertFalse(done(history.after(DEV, new Position(epoch, 1), 300)).recovered());
        assertEquals(List.of(4L, 5L), offsets(done(history.after(DEV, new Position(epoch, 3), 300))));
    }

    @Test
    void moreThanTheRecoveryCapIsNotRecovered() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        String epoch = say(history, DEV, null).kept().epoch();
        for (int i = 0; i < 5; i++) {
            say(history, DEV, null);
        }
        assertFalse(done(history.after(DEV, new Position(epoch, 1), 4)).recovered());
        assertTrue(done(history.after(DEV, new Position(epoch, 2), 4)).recovered());
    }

    @Test
    void aStreamWithNoHistoryCannotBeRecovered() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        assertFalse(done(history.after(DEV, new Position("gone0000", 4), 300)).recovered());
        assertFalse(done(history.latest(DEV, 10)).exists());
    }

    @Test
    void aResentCidIsNeitherKeptNorDeliveredAgain() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        Appended first = say(history, DEV, "c-1");
        Appended again = say(history, DEV, "c-1");
        assertTrue(again.duplicate());
        assertEquals(first.kept(), again.kept());
        assertEquals(1, delivered.size());
        assertEquals(1, done(history.latest(DEV, 10)).latest());
    }

    @Test
    void aCidIsForgottenAfterItsWindow() {
        MemoryHistory history = new MemoryHistory(10, DAY, 0);
        say(history, DEV, "c-1");
        assertFalse(say(history, DEV, "c-1").duplicate());
        assertEquals(2, delivered.size());
    }

    @Test
    void withSizeZeroNothingIsKeptButOffsetsStillRise() {
        MemoryHistory history = new MemoryHistory(0, DAY, WINDOW);
        say(history, DEV, null);
        assertEquals(2, say(history, DEV, null).kept().offset());
        Page page = done(history.latest(DEV, 10));
        assertEquals(List.of(), offsets(page));
        assertEquals(2, page.latest());
        assertEquals(0, history.keptMessages());
    }

    @Test
    void anIdleStreamIsDroppedAndStartsAgainInAnotherEpoch() {
        MemoryHistory history = new MemoryHistory(10, 0, WINDOW);
        String first = say(history, DEV, null).kept().epoch();
        assertFalse(done(history.latest(DEV, 10)).exists());
        Kept again = say(history, DEV, null).kept();
        assertEquals(1, again.offset());
        assertNotEquals(first, again.epoch());
    }

    @Test
    void aHistoryFrameIsTheFrameMarkedAsHistory() {
        Kept kept = new Kept(3, "e0000000", "m-1", "{\"type\":\"message\",\"id\":\"m-1\",\"ts\":1,\"offset\":3}");
        assertEquals("{\"type\":\"message\",\"history\":true,\"id\":\"m-1\",\"ts\":1,\"offset\":3}", kept.asHistory());
    }

    // The budget: 4 000-byte messages, as in a flood within the limits.

    private static final String TEXT = "x".repeat(4000);
    /** Room for about 60 such messages. */
    private static final long BUDGET = 256 * 1024;

    private void sayLong(MemoryHistory history, StreamKey stream) {
        String id = "m-" + ++sent;
        Draft draft = new Draft(id, "{\"type\":\"message\",\"id\":\"" + id + "\",\"ts\":1,\"offset\":",
                ",\"room\":\"" + stream.room() + "\",\"from_user\":\"alice\",\"info\":\"" + TEXT + "\"}");
        history.append(new Outgoing(stream, draft, Target.room(stream.room()), null, "alice", null, null, 0), e -> {
        });
    }

    @Test
    void theStreamsTogetherKeepToTheBudget() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, BUDGET, 0, room -> true);
        for (int room = 0; room < 100; room++) {
            for (int i = 0; i < 20; i++) {
                sayLong(history, StreamKey.room("r" + room));
            }
            assertTrue(history.usedBytes() <= BUDGET, history.usedBytes() + " bytes kept");
        }
        assertTrue(history.usedBytes() > BUDGET / 2, "the budget is used, not emptied: " + history.usedBytes());
        assertTrue(history.budgetEvictions() > 0);
    }

    @Test
    void theBudgetCountsTheRingsArraysNotOnlyTheText() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, 0, 0, room -> true);
        for (int i = 0; i < 10; i++) {
            sayLong(history, DEV);
        }
        assertTrue(history.usedBytes() >= 10 * 4000 + MemoryHistory.STREAM_OVERHEAD, history.usedBytes() + " bytes");
    }

    @Test
    void theBudgetEvictsTheStreamLeastRecentlyWrittenOrReadFirst() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, BUDGET, 0, room -> true);
        StreamKey old = StreamKey.room("old"), read = StreamKey.room("read");
        for (int i = 0; i < 20; i++) {
            sayLong(history, old);
            sayLong(history, read);
        }
        done(history.latest(read, 1)); // read after old was last written: old is the coldest now
        for (int i = 0; i < 30; i++) {
            sayLong(history, StreamKey.room("new"));
        }
        assertFalse(done(history.latest(old, 1)).exists(), "the coldest stream was evicted");
        assertTrue(done(history.latest(read, 1)).exists(), "the stream read since was kept");
        assertEquals(1, history.budgetEvictions());
    }

    @Test
    void anEvictedStreamStartsANewEpochAndCannotBeRecovered() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, BUDGET, 0, room -> true);
        StreamKey cold = StreamKey.room("cold");
        sayLong(history, cold);
        Page before = done(history.latest(cold, 1));
        for (int i = 0; i < 80; i++) {
            sayLong(history, StreamKey.room("hot"));
        }
        sayLong(history, cold);
        Page after = done(history.latest(cold, 10));
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(List.of(1L), offsets(after));
        assertFalse(done(history.after(cold, new Position(before.epoch(), 1), 100)).recovered());
    }

    @Test
    void theStreamJustWrittenIsKeptEvenWhenItAloneExceedsTheBudget() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, 16 * 1024, 0, room -> true);
        for (int i = 0; i < 10; i++) {
            sayLong(history, DEV);
        }
        assertEquals(10, done(history.latest(DEV, 100)).messages().size());
    }

    @Test
    void anEmptyRoomsHistoryIsFreedOnceItsGraceHasPassed() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, 0, TimeUnit.MILLISECONDS.toNanos(50),
                room -> room.equals("occupied"));
        for (int room = 0; room < 200; room++) {
            sayLong(history, StreamKey.room("passing-" + room)); // join, one message, leave
        }
        sayLong(history, StreamKey.room("occupied"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            sayLong(history, StreamKey.room("occupied")); // a write runs the sweep when it is due
            assertEquals(1, history.streamCount());
        });
        assertEquals(200, history.emptyRoomsFreed());
        assertFalse(done(history.latest(StreamKey.room("passing-0"), 1)).exists());
        assertTrue(done(history.latest(StreamKey.room("occupied"), 1)).exists());
    }

    @Test
    void aConversationIsNotFreedForHavingNoRoom() {
        MemoryHistory history = new MemoryHistory(500, DAY, WINDOW, 0, 1, room -> false);
        StreamKey conversation = StreamKey.conversation("alice", "bob");
        history.append(new Outgoing(conversation, new Draft("m-x", "{\"type\":\"message\",\"id\":\"m-x\",\"ts\":1,\"offset\":",
                "}"), Target.room("dev"), null, "alice", null, null, 0), e -> {
                });
        org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(5)).atMost(java.time.Duration.ofSeconds(5))
                .until(() -> {
                    sayLong(history, DEV);
                    return history.emptyRoomsFreed() > 0;
                });
        assertTrue(done(history.latest(conversation, 1)).exists());
    }

    private static final String ROOM = "dev";

    private static Kept said(MemoryHistory history, String author, String text) {
        return history.append(Changes.message(ROOM, "ann", author, text), envelope -> {
        }).kept();
    }

    private Changed change(MemoryHistory history, Change change) {
        return history.change(change, delivered::add);
    }

    @Test
    void anEditRewritesTheMessageAndIsKeptAndDeliveredUnderTheNextOffset() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        Kept message = said(history, "id-ann", "helo");

        Changed changed = change(history, Changes.change(ROOM, message, "id-ann", Changes.TRICKY));

        assertEquals(Changed.Outcome.CHANGED, changed.outcome());
        assertEquals(2, changed.kept().offset());
        assertEquals(List.of(2L), delivered.stream().map(Envelope::offset).toList());
        assertEquals(changed.kept().frame(), delivered.get(0).frame());
        assertTrue(changed.kept().frame().startsWith("{\"type\":\"edited\","), changed.kept().frame());
        Page page = done(history.latest(DEV, 10));
        assertEquals(List.of(1L, 2L), offsets(page));
        String revised = page.messages().get(0).frame();
        assertEquals(Revision.edited(message.frame(), Changes.FRAMES.literal(Changes.TRICKY)), revised);
        assertTrue(revised.endsWith(",\"edited\":true}"), revised);
        assertEquals(message.frame().replace("\"info\":\"helo\"", "\"info\":"
                + Changes.FRAMES.literal(Changes.TRICKY)).replace("}", ",\"edited\":true}"), revised);
    }

    @Test
    void aDeleteLeavesATombstoneInEveryReadAndADeletedMessageIsNotChangedAgain() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        Kept message = said(history, "id-ann", Changes.TRICKY);
        Kept seen = said(history, "id-ann", "seen");

        assertEquals(Changed.Outcome.CHANGED, change(history, Changes.change(ROOM, message, "id-ann", null)).outcome());

        String tombstone = done(history.latest(DEV, 10)).messages().get(0).frame();
        assertTrue(tombstone.endsWith(",\"deleted\":true}") && !tombstone.contains("\"info\""), tombstone);
        assertEquals(tombstone, done(history.before(DEV, 2, 1)).messages().get(0).frame());
        assertEquals(Changed.Outcome.ALREADY_DELETED,
                change(history, Changes.change(ROOM, message, "id-ann", null)).outcome());
        assertEquals(Changed.Outcome.DELETED,
                change(history, Changes.change(ROOM, message, "id-ann", "back")).outcome());
        assertEquals(3, done(history.latest(DEV, 10)).latest(), "only the first delete is kept");
        Page missed = done(history.after(DEV, new Position(seen.epoch(), 2), 10));
        assertEquals(List.of(3L), offsets(missed));
    }

    @Test
    void onlyItsAuthorChangesAMessageWithinTheWindowAndTheBackendAnyAtAnyTime() {
        MemoryHistory history = new MemoryHistory(10, DAY, WINDOW);
        Kept message = said(history, "id-ann", "hi");
        long late = System.currentTimeMillis() + Changes.WINDOW_MILLIS + 1000;

        assertEquals(Changed.Outcome.NOT_AUTHOR,
                change(history, Changes.change(ROOM, message, "id-later-ann", "x")).outcome());
        assertEquals(Changed.Outcome.WINDOW_CLOSED,
                change(history, Changes.change(ROOM, message, "id-ann", "x", late)).outcome());
        assertEquals(List.of(), delivered, "a refused change reaches nobody");
        assertEquals(Changed.Outcome.CHANGED, change(history, Changes.change(ROOM, message, null, "x", late)).outcome());
    }

    @Test
    void aChangeNamesAKeptMessageByItsOffsetAndId() {
        MemoryHistory history = new MemoryHistory(2, DAY, WINDOW);
        Kept first = said(history, "id-ann", "one");
        Kept second = said(history, "id-ann", "two");
        Kept changeOfSecond = change(history, Changes.change(ROOM, second, "id-ann", "two!")).kept();

        assertEquals(Changed.Outcome.UNKNOWN, change(history, Changes.change(ROOM, first, "id-ann", "x")).outcome(),
                "no longer kept");
        assertEquals(Changed.Outcome.UNKNOWN, change(history, Changes.change(ROOM,
                new Kept(2, second.epoch(), "other-id", second.frame()), "id-ann", "x")).outcome());
        assertEquals(Changed.Outcome.UNKNOWN, change(history, Changes.change(ROOM, changeOfSecond, "id-ann", "x"))
                .outcome(), "a change is no message");
        assertEquals(Changed.Outcome.UNKNOWN, change(history, Changes.change("ops", second, "id-ann", "x"))
                .outcome(), "another stream");
    }
}
