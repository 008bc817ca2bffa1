package io.chatservice.registry;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;

/**
 * The writes other threads handed to one event loop, run on it in the order they were handed over. The loop's own
 * thread runs whatever waits here before it writes to one of its sockets itself ({@link #catchUp}): else a stream's
 * message n+1, fanned out on this loop, would reach its members here before message n, fanned out on another loop a
 * moment earlier and still waiting, and members on different loops would see the stream in different orders.
 * <p>
 * One task on the loop runs every batch waiting, so a burst from other loops costs one wake-up, not one per batch.
 */
public final class Lane {

    private static final Logger LOG = Logger.getLogger(Lane.class);
    private static final ConcurrentHashMap<EventLoop, Lane> LANES = new ConcurrentHashMap<>();

    private final EventLoop loop;
    private final Queue<Batch> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Whether the loop is running what waits; the loop's own thread only. */
    private boolean draining;

    private Lane(EventLoop loop) {
        this.loop = loop;
    }

    /** The lane of a loop: every connection of the loop shares it. */
    public static Lane of(EventLoop loop) {
        return LANES.computeIfAbsent(loop, Lane::new);
    }

    /** Whether the calling thread is the loop's, and may write to its sockets once it has caught up. */
    public boolean isCurrent() {
        return loop.inEventLoop();
    }

    /** Whether the loop is running what waits, and what it writes now would overtake the rest; its thread only. */
    public boolean isDraining() {
        return draining;
    }

    /**
     * Runs a batch of writes on the loop after every batch handed over before it; from any thread. A loop that is
     * shutting down (and its sockets with it) discards it instead.
     */
    public void handOver(Batch batch) {
        waiting.offer(batch);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::scheduled);
            } catch (RejectedExecutionException stopping) {
                Batch dropped;
                while ((dropped = waiting.poll()) != null) {
                    dropped.discard();
                }
            }
        }
    }

    /**
     * Runs what waits, before the loop writes to one of its sockets itself; nothing if it is running it already, or if
     * the caller is not the loop's thread (which has nothing to write directly then).
     */
    public void catchUp() {
        if (loop.inEventLoop()) {
            run();
        }
    }

    /** {@link #catchUp()} for a caller that is on the loop's thread. */
    public void run() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            Batch next;
            while ((next = waiting.poll()) != null) {
                try {
                    next.write();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "a write on %s failed", loop);
                }
            }
        } finally {
            draining = false;
        }
    }

    private void scheduled() {
        scheduled.set(false); // cleared first: a batch handed over from now on schedules a run of its own
        run();
    }

    /** Writes to some of the loop's connections. */
    public interface Batch {

        void write();

        /** The loop stopped before it could write: what the batch holds is given back. */
        void discard();
    }
}
