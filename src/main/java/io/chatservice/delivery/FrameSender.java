package io.chatservice.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.ChatMetrics.DropReason;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;

/**
 * Writes a frame to one connection without waiting for it. WebSockets Next has no outbound limit, so this one keeps
 * its own. A connection whose queue passes {@code chat.delivery.max-pending-frames} while none of its frames has been
 * written for {@code chat.delivery.stall-timeout} has a reader that stopped reading: it is closed with
 * {@link #SLOW_CONSUMER} and evicted instead of growing the heap, and nobody else waits for it. A reader that is only
 * behind a busy service keeps seeing its frames written and is left alone, up to {@link #HARD_LIMIT_FACTOR} times the
 * budget, which bounds the heap in any case.
 */
@ApplicationScoped
public class FrameSender {

    /** Close code for a connection that does not read fast enough. Clients may reconnect. */
    public static final int SLOW_CONSUMER = 4008;
    /** How many times {@code max-pending-frames} a connection may queue, progress or not. */
    public static final int HARD_LIMIT_FACTOR = 16;

    private static final Logger LOG = Logger.getLogger(FrameSender.class);

    private final int maxPendingFrames;
    private final int hardLimit;
    private final long stallNanos;
    private final Evictions evictions;
    private final ChatMetrics metrics;

    public FrameSender(ChatConfig config, Evictions evictions, ChatMetrics metrics) {
        this.maxPendingFrames = config.delivery().maxPendingFrames();
        this.hardLimit = maxPendingFrames * HARD_LIMIT_FACTOR;
        this.stallNanos = config.delivery().stallTimeout().toNanos();
        this.evictions = evictions;
        this.metrics = metrics;
    }

    public void send(ChatSession session, String frame) {
        if (session.isClosing() || session.connection().isClosed()) {
            metrics.dropped(DropReason.CLOSED);
            return;
        }
        int pending = session.queue();
        if (pending > maxPendingFrames && (pending > hardLimit || isStalled(session))) {
            session.written();
            metrics.dropped(DropReason.SLOW_CONSUMER);
            evictSlow(session);
            return;
        }
        session.connection().sendText(frame).subscribe().with(
                done -> {
                    session.written();
                    metrics.sent();
                },
                failure -> {
                    session.written();
                    metrics.dropped(DropReason.WRITE_FAILED);
                    LOG.debugf("dropped a frame to %s: %s", session, failure.getMessage());
                });
    }

    /** Whether the connection's reader stopped reading; the sweeper asks too, for connections nobody writes to. */
    public boolean isStalled(ChatSession session) {
        return session.isStalled(maxPendingFrames, stallNanos, System.nanoTime());
    }

    /** Closes and evicts a stalled reader; the frames still queued to it are counted as dropped. */
    public void evictSlow(ChatSession session) {
        metrics.dropped(DropReason.SLOW_CONSUMER, session.pendingFrames());
        evictions.evict(session, SLOW_CONSUMER, "too slow: " + session.pendingFrames() + " frames pending");
    }
}
