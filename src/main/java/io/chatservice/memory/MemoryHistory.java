package io.chatservice.memory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.MemoryBudgets;
import io.chatservice.core.Change;
import io.chatservice.core.Changed;
import io.chatservice.core.Envelope;
import io.chatservice.core.HistoryReads;
import io.chatservice.core.Outgoing;
import io.chatservice.core.StreamKey;
import io.chatservice.history.Appended;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.history.Revision;
import io.chatservice.registry.ConnectionRegistry;

/**
 * History in this process ({@code chat.broker=memory}): per stream, the newest {@code chat.history.size} messages
 * in a {@link FrameRing}, an epoch drawn when the stream is made (so a restart, which loses everything, is told apart), and the
 * {@code cid}s its senders used within {@code chat.history.cid-window}. A stream nobody wrote to for
 * {@code chat.history.ttl} is dropped; the sweep runs at most once a minute, from an append.
 * <p>
 * <b>Budget.</b> Every stream counts what it holds on the heap (its ring's arrays as allocated, its remembered
 * cids, its own objects), and the total keeps to {@code chat.history.max-memory}: past it, whole streams go, the one
 * least recently written or read first, and the next message to such a stream starts a new epoch (a recovering
 * client gets {@code recovered: false}). The order is a doubly linked list threaded through the streams themselves,
 * so that a message costs a move to its front and no allocation. A room nobody is in and nobody wrote to for
 * {@code chat.history.empty-room-grace} is freed by the sweep, which then runs at least once per grace.
 * <p>
 * A message is kept and handed to the fan-out while its stream is locked: the fan-out writes to the calling loop's
 * connections after what other loops handed that loop before, and hands every other loop its writes, in offset
 * order ({@code delivery.OnEventLoops}), so every recipient receives the stream's messages in that order.
 */
@Singleton
@Typed(MemoryHistory.class)
public class MemoryHistory implements HistoryReads {

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;
    /** A stream's own objects beside its ring: the stream, its key and map entry, its cid map. */
    static final int STREAM_OVERHEAD = 400;
    /** One remembered cid: its key string, its record and the map's entry. */
    static final int CID_COST = 200;

    private final int size;
    private final long ttlNanos;
    private final long cidWindowNanos;
    private final long maxBytes;
    private final long emptyRoomGraceNanos;
    private final long sweepEveryNanos;
    private final Predicate<String> occupied;
    private final ConcurrentHashMap<StreamKey, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder budgetEvictions = new LongAdder();
    private final LongAdder emptyRoomFrees = new LongAdder();
    private volatile long lastEviction;
    /** Guards the recency list: {@link #hottest}, {@link #coldest} and every stream's links. */
    private final Object recency = new Object();
    private Stream hottest;
    private Stream coldest;

    @Inject
    public MemoryHistory(ChatConfig config, ConnectionRegistry registry) {
        this(config.history().size(), config.history().ttl().toNanos(), config.history().cidWindow().toNanos(),
                MemoryBudgets.historyBytes(config.history()), config.history().emptyRoomGrace().toNanos(),
                room -> registry.roomSessions(room).length > 0);
    }

    /** No budget and no early freeing of empty rooms. */
    MemoryHistory(int size, long ttlNanos, long cidWindowNanos) {
        this(size, ttlNanos, cidWindowNanos, 0, 0, room -> true);
    }

    /**
     * @param maxBytes the budget; 0: none
     * @param emptyRoomGraceNanos how long a room without members may go unwritten before it is freed; 0: until the ttl
     * @param occupied whether a room has a member
     */
    MemoryHistory(int size, long ttlNanos, long cidWindowNanos, long maxBytes, long emptyRoomGraceNanos,
            Predicate<String> occupied) {
        this.size = size;
        this.ttlNanos = ttlNanos;
        this.cidWindowNanos = cidWindowNanos;
        this.maxBytes = maxBytes;
        this.emptyRoomGraceNanos = emptyRoomGraceNanos;
        this.occupied = occupied;
        this.sweepEveryNanos = emptyRoomGraceNanos > 0 ? Math.min(SWEEP_EVERY_NANOS, emptyRoomGraceNanos)
                : SWEEP_EVERY_NANOS;
        this.nextSweep = new AtomicLong(System.nanoTime() + sweepEveryNanos);
    }

    /**
     * Keeps a message in its stream and hands it to {@code deliver}, unless its sender used its cid in this stream
     * within the window: then nothing is kept or delivered, and the answer is the first message.
     */
    public Appended append(Outgoing message, Consumer<Envelope> deliver) {
        long now = System.nanoTime();
        sweepIfDue(now);
        while (true) {
            Stream stream = streams.computeIfAbsent(message.stream(), key -> new Stream(key, size));
            Appended appended;
            synchronized (stream) {
                if (stream.dropped) {
                    continue; // swept or evicted between the lookup and the lock
                }
                appended = stream.append(message, now, cidWindowNanos);
                remeasure(stream);
                touch(stream);
                if (!appended.duplicate()) {
                    Kept kept = appended.kept();
                    deliver.accept(new Envelope(message.target(), kept.frame(), message.receivedAt(), message.route(),
                            message.stream(), kept.offset()));
                }
            }
            keepToBudget(stream);
            return appended;
        }
    }

    /**
     * Edits or deletes a kept message and keeps the change under the stream's next offset, handing it to
     * {@code deliver}, all under the stream's lock: two changes of one message are made one after the other, each
     * seeing the other's result.
     */
    public Changed change(Change change, Consumer<Envelope> deliver) {
        Stream stream = live(change.stream());
        if (stream == null) {
            return Changed.of(Changed.Outcome.UNKNOWN);
        }
        Changed changed;
        synchronized (stream) {
            if (stream.dropped) {
                return Changed.of(Changed.Outcome.UNKNOWN);
            }
            changed = stream.change(change, System.nanoTime());
            if (changed.outcome() != Changed.Outcome.CHANGED) {
                return changed;
            }
            remeasure(stream);
            touch(stream);
            Kept kept = changed.kept();
            deliver.accept(new Envelope(change.target(), kept.frame(), change.receivedAt(), change.route(),
                    change.stream(), kept.offset()));
        }
        keepToBudget(stream);
        return changed;
    }

    /**
     * The first message its sender sent with the message's cid in its stream, within the window, or null: what a
     * resend is answered with when it is refused now (a mailbox full since).
     */
    public Appended earlier(Outgoing message) {
        if (message.cid() == null) {
            return null;
        }
        Stream stream = live(message.stream());
        if (stream == null) {
            return null;
        }
        synchronized (stream) {
            stream.forgetCids(System.nanoTime(), cidWindowNanos);
            remeasure(stream);
            return stream.firstOf(message);
        }
    }

    @Override
    public CompletionStage<Page> latest(StreamKey key, int limit) {
        return before(key, Long.MAX_VALUE, limit);
    }

    @Override
    public CompletionStage<Page> before(StreamKey key, long before, int limit) {
        Stream stream = live(key);
        if (stream == null) {
            return CompletableFuture.completedFuture(Page.NONE);
        }
        synchronized (stream) {
            return CompletableFuture.completedFuture(
                    new Page(stream.epoch, stream.latest, stream.before(before, limit), true));
        }
    }

    @Override
    public CompletionStage<Page> after(StreamKey key, Position seen, int max) {
        Stream stream = live(key);
        if (stream == null) {
            return CompletableFuture.completedFuture(new Page(null, 0, List.of(), false));
        }
        synchronized (stream) {
            return CompletableFuture.completedFuture(stream.after(seen, max));
        }
    }

    @Override
    public CompletionStage<Kept> at(StreamKey key, long offset) {
        Stream stream = live(key);
        if (stream == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (stream) {
            String frame = stream.frameOf(offset);
            return CompletableFuture.completedFuture(
                    frame == null ? null : new Kept(offset, stream.epoch, idOf(frame), frame));
        }
    }

    /** Messages kept now, over all streams: for the benchmark's heap per message. */
    public long keptMessages() {
        long count = 0;
        for (Stream stream : streams.values()) {
            synchronized (stream) {
                count += stream.count();
            }
        }
        return count;
    }

    /** Bytes the streams hold on the heap now, as the budget counts them. */
    public long usedBytes() {
        return used.get();
    }

    /** The budget, {@code chat.history.max-memory}; 0: none. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Streams evicted whole to keep to the budget, since the start. */
    public long budgetEvictions() {
        return budgetEvictions.sum();
    }

    /** Rooms' histories freed because the room stayed empty past its grace, since the start. */
    public long emptyRoomsFreed() {
        return emptyRoomFrees.sum();
    }

    /** {@link System#nanoTime()} of the latest eviction for the budget; 0 if none yet. */
    public long lastEviction() {
        return lastEviction;
    }

    /** Streams held now. */
    public int streamCount() {
        return streams.size();
    }

    /** The stream, unless it has none or has been idle past the ttl (then it is dropped). Counts as a use. */
    private Stream live(StreamKey key) {
        Stream stream = streams.get(key);
        if (stream == null) {
            return null;
        }
        synchronized (stream) {
            if (!stream.dropped && System.nanoTime() - stream.lastWrite <= ttlNanos) {
                touch(stream);
                return stream;
            }
        }
        drop(stream, (idle, now) -> now - idle.lastWrite > ttlNanos);
        return null;
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + sweepEveryNanos)) {
            return;
        }
        streams.forEach((key, stream) -> {
            if (drop(stream, this::idle) && stream.key.isRoom() && now - stream.lastWrite <= ttlNanos) {
                emptyRoomFrees.increment();
            }
        });
    }

    /** Idle past the ttl, or a room nobody is in, idle past the grace. Under the stream's lock. */
    private boolean idle(Stream stream, long now) {
        long idleFor = now - stream.lastWrite;
        return idleFor > ttlNanos || emptyRoomGraceNanos > 0 && stream.key.isRoom() && idleFor > emptyRoomGraceNanos
                && !occupied.test(stream.key.room());
    }

    private interface Idle {
        boolean test(Stream stream, long now);
    }

    /** Drops the stream if it is still idle under its lock (it may have been written to since it was found). */
    private boolean drop(Stream stream, Idle idle) {
        synchronized (stream) {
            if (stream.dropped || !idle.test(stream, System.nanoTime())) {
                return false;
            }
            release(stream);
        }
        streams.remove(stream.key, stream);
        return true;
    }

    /** Marks the stream dropped and takes it out of the budget and the recency list. Under the stream's lock. */
    private void release(Stream stream) {
        stream.dropped = true;
        used.addAndGet(-stream.bytes);
        stream.bytes = 0;
        synchronized (recency) {
            unlink(stream);
        }
    }

    /** Brings the budget's count up to date with what the stream holds now. Under the stream's lock. */
    private void remeasure(Stream stream) {
        long now = stream.measure();
        used.addAndGet(now - stream.bytes);
        stream.bytes = now;
    }

    /** Moves the stream to the hot end of the recency list. Under the stream's lock. */
    private void touch(Stream stream) {
        if (maxBytes <= 0) {
            return;
        }
        synchronized (recency) {
            if (hottest == stream) {
                return;
            }
            unlink(stream);
            stream.colder = hottest;
            if (hottest != null) {
                hottest.hotter = stream;
            }
            hottest = stream;
            if (coldest == null) {
                coldest = stream;
            }
            stream.listed = true;
        }
    }

    /** Under {@link #recency}. */
    private void unlink(Stream stream) {
        if (!stream.listed) {
            return;
        }
        if (stream.hotter != null) {
            stream.hotter.colder = stream.colder;
        } else {
            hottest = stream.colder;
        }
        if (stream.colder != null) {
            stream.colder.hotter = stream.hotter;
        } else {
            coldest = stream.hotter;
        }
        stream.hotter = null;
        stream.colder = null;
        stream.listed = false;
    }

    /**
     * Evicts the coldest streams while the total is over the budget, never the one just written ({@code spared}):
     * it is the hottest, and a budget that cannot hold one stream still keeps the newest. The recency lock is let go
     * before a stream's lock is taken, as everywhere else takes them the other way round.
     */
    private void keepToBudget(Stream spared) {
        while (maxBytes > 0 && used.get() > maxBytes) {
            Stream victim;
            synchronized (recency) {
                victim = coldest;
                if (victim == null || victim == spared) {
                    return;
                }
                unlink(victim);
            }
            boolean evicted;
            synchronized (victim) {
                evicted = !victim.dropped;
                if (evicted) {
                    release(victim);
                }
            }
            if (evicted) {
                streams.remove(victim.key, victim);
                budgetEvictions.increment();
                lastEviction = System.nanoTime();
            }
        }
    }

    /** Draws an epoch: 8 characters of base 36, so that two streams' epochs hardly ever meet. */
    static String newEpoch() {
        long bound = 2_821_109_907_456L; // 36^8
        String digits = Long.toString(ThreadLocalRandom.current().nextLong(bound), 36);
        return "0".repeat(8 - digits.length()) + digits;
    }

    /** One stream's state; every method runs under the stream's lock. */
    private static final class Stream {
        final StreamKey key;
        final String epoch = newEpoch();
        /** The newest messages' frames: those with offsets {@code latest - ring.size() + 1} to {@code latest}. */
        final FrameRing ring;
        long latest;
        long lastWrite = System.nanoTime();
        boolean dropped;
        /** {@code sender \n cid} to what its first message was, oldest first. */
        final LinkedHashMap<String, Remembered> cids = new LinkedHashMap<>();
        /** What the budget counts for it now; 0 once dropped. */
        long bytes;
        /** Its neighbours in the recency list, guarded by the list's lock. */
        Stream hotter;
        Stream colder;
        boolean listed;

        Stream(StreamKey key, int size) {
            this.key = key;
            this.ring = new FrameRing(size);
        }

        long measure() {
            return STREAM_OVERHEAD + ring.footprint() + (long) cids.size() * CID_COST;
        }

        int count() {
            return ring.size();
        }

        Appended append(Outgoing message, long now, long cidWindowNanos) {
            lastWrite = now;
            forgetCids(now, cidWindowNanos);
            Appended first = firstOf(message);
            if (first != null) {
                return first;
            }
            Kept kept = message.draft().kept(++latest, epoch);
            ring.add(kept.frame(), message.author());
            Appended appended = new Appended(kept, false, message.mailbox() != null);
            if (message.cid() != null) {
                cids.put(cidKey(message), new Remembered(kept.offset(), kept.id(), appended.queued(), now));
            }
            return appended;
        }

        /** Checks and makes the change (see {@link Changed.Outcome} for what refuses it). */
        Changed change(Change change, long now) {
            long index = change.offset() - (latest - count() + 1);
            if (change.offset() < 1 || index < 0 || index >= count()) {
                return Changed.of(Changed.Outcome.UNKNOWN);
            }
            String frame = ring.get((int) index);
            if (!MESSAGE_TYPE.equals(Revision.typeOf(frame)) || !change.messageId().equals(idOf(frame))) {
                return Changed.of(Changed.Outcome.UNKNOWN);
            }
            if (change.editor() != null && !change.editor().equals(ring.author((int) index))) {
                return Changed.of(Changed.Outcome.NOT_AUTHOR);
            }
            if (Revision.isDeleted(frame)) {
                return Changed.of(change.isDelete() ? Changed.Outcome.ALREADY_DELETED : Changed.Outcome.DELETED);
            }
            if (change.windowMillis() > 0 && change.nowMillis() - Revision.tsOf(frame) > change.windowMillis()) {
                return Changed.of(Changed.Outcome.WINDOW_CLOSED);
            }
            ring.set((int) index, change.isDelete() ? Revision.tombstone(frame) : Revision.edited(frame, change.info()));
            lastWrite = now;
            Kept kept = change.draft().kept(++latest, epoch);
            ring.add(kept.frame(), change.author());
            return new Changed(Changed.Outcome.CHANGED, kept);
        }

        /** The first message sent with the message's cid, as a duplicate, or null. */
        Appended firstOf(Outgoing message) {
            Remembered first = message.cid() == null ? null : cids.get(cidKey(message));
            return first == null ? null
                    : new Appended(new Kept(first.offset, epoch, first.id, frameOf(first.offset)), true, first.queued);
        }

        private static String cidKey(Outgoing message) {
            return message.sender() + '\n' + message.cid();
        }

        void forgetCids(long now, long window) {
            Iterator<Map.Entry<String, Remembered>> oldestFirst = cids.entrySet().iterator();
            while (oldestFirst.hasNext() && now - oldestFirst.next().getValue().at > window) {
                oldestFirst.remove();
            }
        }

        /** The newest {@code limit} of the messages with an offset below {@code before}, oldest first. */
        List<Kept> before(long before, int limit) {
            int end = count(); // exclusive, in ring order
            while (end > 0 && offsetAt(end - 1) >= before) {
                end--;
            }
            int from = Math.max(0, end - limit);
            List<Kept> page = new ArrayList<>(end - from);
            for (int i = from; i < end; i++) {
                page.add(at(i));
            }
            return page;
        }

        Page after(Position seen, int max) {
            long missed = latest - seen.offset();
            if (!epoch.equals(seen.epoch()) || missed < 0 || missed > max) {
                return new Page(epoch, latest, List.of(), false);
            }
            if (missed == 0) {
                return new Page(epoch, latest, List.of(), true);
            }
            if (missed > count()) {
                return new Page(epoch, latest, List.of(), false); // some of it is no longer kept
            }
            List<Kept> page = new ArrayList<>((int) missed);
            for (int i = count() - (int) missed; i < count(); i++) {
                page.add(at(i));
            }
            return new Page(epoch, latest, page, true);
        }

        private long offsetAt(int index) {
            return latest - count() + 1 + index;
        }

        private Kept at(int index) {
            String frame = ring.get(index);
            return new Kept(offsetAt(index), epoch, idOf(frame), frame);
        }

        /** The frame of a message still kept, or null. */
        private String frameOf(long offset) {
            if (offset < 1) {
                return null;
            }
            long index = offset - (latest - count() + 1);
            return index >= 0 && index < count() ? ring.get((int) index) : null;
        }
    }

    /** The type of a message frame; the other entries of a stream are the changes made to messages. */
    private static final String MESSAGE_TYPE = "message";

    /** A kept frame's id: the first field after its type (see {@code protocol.OutboundFrame}). */
    static String idOf(String frame) {
        int from = frame.indexOf(',') + 1 + "\"id\":\"".length();
        return frame.substring(from, frame.indexOf('"', from));
    }

    private record Remembered(long offset, String id, boolean queued, long at) {
    }
}
