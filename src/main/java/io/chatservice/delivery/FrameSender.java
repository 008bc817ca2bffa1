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
 * its own: a connection with too many frames still queued (a reader that stalled) is closed with
 * {@link #SLOW_CONSUMER} and evicted from the registry instead of growing the heap, and nobody else waits for it.
 * The socket itself goes when the peer does, or when {@code quarkus.http.idle-timeout} passes with nothing read from
 * it and nothing written (a stalled reader answers no pings).
 */
@ApplicationScoped
public class FrameSender {

    /** Close code for a connection that does not read fast enough. Clients may reconnect. */
    public static final int SLOW_CONSUMER = 4008;

    private static final Logger LOG = Logger.getLogger(FrameSender.class);

    private final int maxPendingFrames;
    private final Evictions evictions;
    private final ChatMetrics metrics;

    public FrameSender(ChatConfig config, Evictions evictions, ChatMetrics metrics) {
        this.maxPendingFrames = config.delivery().maxPendingFrames();
        this.evictions = evictions;
        this.metrics = metrics;
    }

    public void send(ChatSession session, String frame) {
        if (session.isClosing() || session.connection().isClosed()) {
            metrics.dropped(DropReason.CLOSED);
            return;
        }
        if (!session.tryReserve(maxPendingFrames)) {
            metrics.dropped(DropReason.SLOW_CONSUMER);
            evictions.evict(session, SLOW_CONSUMER, "too slow: " + maxPendingFrames + " frames pending");
            return;
        }
        session.connection().sendText(frame).subscribe().with(
                done -> {
                    session.release();
                    metrics.sent();
                },
                failure -> {
                    session.release();
                    metrics.dropped(DropReason.WRITE_FAILED);
                    LOG.debugf("dropped a frame to %s: %s", session, failure.getMessage());
                });
    }
}
