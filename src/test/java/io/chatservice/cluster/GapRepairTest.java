package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.chatservice.core.Envelope;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;

/**
 * Gap repair on its own, as any broker uses it: a transport hands it a stream's messages, some lost on the way, and
 * the history every node writes has them all. Plain JUnit, on one thread standing for the subscriber's loop.
 */
class GapRepairTest {

    private static final String EPOCH = "e1";
    private static final String ROOM = "lobby";
    private static final StreamKey STREAM = StreamKey.room(ROOM);

    private final KeptHistory history = new KeptHistory();
    private final List<Envelope> delivered = new ArrayList<>();
    private final AtomicInteger repaired = new AtomicInteger();
    private final GapRepair gaps = new GapRepair(Runnable::run, history, delivered::add, repaired::incrementAndGet);

    /** A message kept in the history; {@code arrives} says whether the transport brings it too. */
    private void kept(long offset, boolean arrives) {
        history.keep(offset);
        if (arrives) {
            arrive(offset);
        }
    }

    /** The transport brings a kept message. */
    private void arrive(long offset) {
        Kept kept = history.keptAt(offset);
        gaps.received(EPOCH, new Envelope(Target.room(ROOM), kept.frame(), System.nanoTime(), null, STREAM, offset));
    }

    private List<Long> offsets() {
        return delivered.stream().map(Envelope::offset).toList();
    }

    @Test
    void messagesTheTransportLostAreReadBackAndDeliveredBeforeTheNextInOrder() {
        gaps.follow(ROOM);
        gaps.subscribed(ROOM);
        kept(1, true);
        kept(2, false);
        kept(3, false);

        kept(4, true);

        assertEquals(List.of(1L, 2L, 3L, 4L), offsets());
        assertEquals(2, repaired.get());
    }

    @Test
    void messagesStillOnTheirWayWhenTheRoomsPositionWasReadAreDeliveredNotTakenForRepeats() {
        gaps.follow(ROOM);
        kept(1, false);
        kept(2, false);
        gaps.subscribed(ROOM);

        arrive(1);
        arrive(2);
        kept(3, true);

        assertEquals(List.of(1L, 2L, 3L), offsets());
        assertEquals(0, repaired.get());
    }

    @Test
    void afterTheTransportCameBackWhatWasKeptMeanwhileIsReadBackOnce() {
        gaps.follow(ROOM);
        kept(1, true);
        kept(2, false);
        kept(3, false);

        gaps.resubscribed();
        gaps.resubscribed();

        assertEquals(List.of(1L, 2L, 3L), offsets());
        assertEquals(2, repaired.get());
    }

    @Test
    void aRoomNoLongerFollowedIsNotRepaired() {
        gaps.follow(ROOM);
        kept(1, true);
        gaps.forget(ROOM);
        kept(2, false);

        kept(3, true);

        assertEquals(List.of(1L, 3L), offsets());
        assertEquals(0, repaired.get());
    }

    /** One room's history in one epoch, as every node reads it. */
    private static final class KeptHistory implements RepairReads {

        private final List<Kept> messages = new ArrayList<>();

        Kept keep(long offset) {
            Kept kept = new Kept(offset, EPOCH, "m" + offset, "{\"offset\":" + offset + "}");
            messages.add(kept);
            return kept;
        }

        Kept keptAt(long offset) {
            return messages.stream().filter(kept -> kept.offset() == offset).findFirst().orElseThrow();
        }

        private Page page(List<Kept> page) {
            return messages.isEmpty() ? Page.NONE
                    : new Page(EPOCH, messages.get(messages.size() - 1).offset(), List.copyOf(page), true);
        }

        @Override
        public CompletionStage<Page> between(StreamKey stream, long from, long to) {
            return CompletableFuture.completedFuture(page(messages.stream()
                    .filter(kept -> kept.offset() > from && (to <= 0 || kept.offset() < to)).toList()));
        }

        @Override
        public CompletionStage<Page> latest(StreamKey stream, int limit) {
            return CompletableFuture.completedFuture(
                    page(messages.subList(Math.max(0, messages.size() - limit), messages.size())));
        }

        @Override
        public CompletionStage<Page> before(StreamKey stream, long before, int limit) {
            List<Kept> older = messages.stream().filter(kept -> kept.offset() < before).toList();
            return CompletableFuture.completedFuture(
                    page(older.subList(Math.max(0, older.size() - limit), older.size())));
        }

        @Override
        public CompletionStage<Page> after(StreamKey stream, Position seen, int max) {
            return between(stream, seen.offset(), 0);
        }

        @Override
        public CompletionStage<Kept> at(StreamKey stream, long offset) {
            return CompletableFuture.completedFuture(keptAt(offset));
        }
    }
}
