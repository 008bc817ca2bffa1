package io.chatservice.history;

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
import java.util.function.Consumer;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.delivery.Envelope;

/**
 * History in this process ({@code chat.broker=memory}): per stream, the newest {@code chat.history.size} messages
 * in a {@link FrameRing}, an epoch drawn when the stream is made (so a restart, which loses everything, is told apart), and the
 * {@code cid}s its senders used within {@code chat.history.cid-window}. A stream nobody wrote to for
 * {@code chat.history.ttl} is dropped; the sweep runs at most once a minute, from an append.
 * <p>
 * A message is kept and handed to the fan-out while its stream is locked: the fan-out only queues each write on its
 * connection's event loop, in offset order, so every recipient receives the stream's messages in that order.
 */
@Singleton
@Typed(MemoryHistory.class)
public class MemoryHistory implements HistoryReads {

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;

    private final int size;
    private final long ttlNanos;
    private final long cidWindowNanos;
    private final ConcurrentHashMap<StreamKey, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_EVERY_NANOS);

    @Inject
    public MemoryHistory(ChatConfig config) {
        this(config.history().size(), config.history().ttl().toNanos(), config.history().cidWindow().toNanos());
    }

    MemoryHistory(int size, long ttlNanos, long cidWindowNanos) {
        this.size = size;
        this.ttlNanos = ttlNanos;
        this.cidWindowNanos = cidWindowNanos;
    }

    /**
     * Keeps a message in its stream and hands it to {@code deliver}, unless its sender used its cid in this stream
     * within the window: then nothing is kept or delivered, and the answer is the first message.
     */
    public Appended append(Outgoing message, Consumer<Envelope> deliver) {
        long now = System.nanoTime();
        sweepIfDue(now);
        while (true) {
            Stream stream = streams.computeIfAbsent(message.stream(), key -> new Stream(size));
            synchronized (stream) {
                if (stream.dropped) {
                    continue; // swept between the lookup and the lock
                }
                Appended appended = stream.append(message, now, cidWindowNanos);
                if (!appended.duplicate()) {
                    Kept kept = appended.kept();
                    deliver.accept(new Envelope(message.target(), kept.frame(), message.receivedAt(), message.route(),
                            message.stream(), kept.offset()));
                }
                return appended;
            }
        }
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

    /** The stream, unless it has none or has been idle past the ttl (then it is dropped). */
    private Stream live(StreamKey key) {
        Stream stream = streams.get(key);
        if (stream == null) {
            return null;
        }
        synchronized (stream) {
            if (!stream.dropped && System.nanoTime() - stream.lastWrite <= ttlNanos) {
                return stream;
            }
        }
        drop(key, stream);
        return null;
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        streams.forEach((key, stream) -> {
            boolean idle;
            synchronized (stream) {
                idle = now - stream.lastWrite > ttlNanos;
            }
            if (idle) {
                drop(key, stream);
            }
        });
    }

    private void drop(StreamKey key, Stream stream) {
        synchronized (stream) {
            if (System.nanoTime() - stream.lastWrite <= ttlNanos) {
                return; // written to since it was found idle
            }
            stream.dropped = true;
        }
        streams.remove(key, stream);
    }

    /** Draws an epoch: 8 characters of base 36, so that two streams' epochs hardly ever meet. */
    static String newEpoch() {
        long bound = 2_821_109_907_456L; // 36^8
        String digits = Long.toString(ThreadLocalRandom.current().nextLong(bound), 36);
        return "0".repeat(8 - digits.length()) + digits;
    }

    /** One stream's state; every method runs under the stream's lock. */
    private static final class Stream {
        final String epoch = newEpoch();
        /** The newest messages' frames: those with offsets {@code latest - ring.size() + 1} to {@code latest}. */
        final FrameRing ring;
        long latest;
        long lastWrite = System.nanoTime();
        boolean dropped;
        /** {@code sender \n cid} to what its first message was, oldest first. */
        final LinkedHashMap<String, Remembered> cids = new LinkedHashMap<>();

        Stream(int size) {
            this.ring = new FrameRing(size);
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
            ring.add(kept.frame());
            Appended appended = new Appended(kept, false, message.mailbox() != null);
            if (message.cid() != null) {
                cids.put(cidKey(message), new Remembered(kept.offset(), kept.id(), appended.queued(), now));
            }
            return appended;
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

    /** A kept frame's id: the first field after its type (see {@code protocol.OutboundFrame}). */
    static String idOf(String frame) {
        int from = Kept.MESSAGE_HEAD.length() + "\"id\":\"".length();
        return frame.substring(from, frame.indexOf('"', from));
    }

    private record Remembered(long offset, String id, boolean queued, long at) {
    }
}
