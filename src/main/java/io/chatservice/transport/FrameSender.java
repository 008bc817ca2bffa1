package io.chatservice.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import io.chatservice.core.Stages;

import io.chatservice.config.ChatConfig;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.ChatMetrics.DropReason;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;
import io.chatservice.protocol.WireFrame;
import io.netty.channel.Channel;

/**
 * Writes a frame to one connection's socket without waiting for it; called on the socket's own event loop, so that
 * frames leave in the order they were sent.
 * <p>
 * What the socket cannot take yet waits in its write buffer, whose limit is {@code chat.delivery.max-pending-bytes}
 * (set at the upgrade). A connection seen over that limit for {@code chat.delivery.stall-timeout} has a reader that
 * stopped reading: it is closed with {@link CloseCodes#SLOW_CONSUMER} and evicted instead of growing the heap, and nobody else
 * waits for it. At {@link #HARD_LIMIT_FACTOR} times the limit it is closed at once, which bounds the heap in any case.
 */
@ApplicationScoped
public class FrameSender {

    /** How many times {@code max-pending-bytes} a connection may have waiting, stalled or not. */
    public static final int HARD_LIMIT_FACTOR = 16;

    private final long hardLimit;
    private final long stallNanos;
    private final Evictions evictions;
    private final ChatMetrics metrics;

    public FrameSender(ChatConfig config, Evictions evictions, ChatMetrics metrics) {
        this.hardLimit = config.delivery().maxPendingBytes().asLongValue() * HARD_LIMIT_FACTOR;
        this.stallNanos = config.delivery().stallTimeout().toNanos();
        this.evictions = evictions;
        this.metrics = metrics;
    }

    /** Encodes a frame and sends it to one connection; from any thread. */
    public void send(ChatSession session, String text) {
        WireFrame frame = WireFrame.text(text);
        try {
            OnEventLoops.forEach(new ChatSession[] { session }, frame, this::send);
        } finally {
            frame.release();
        }
    }

    /**
     * Sends a frame to one connection; on the connection's event loop only, within a write that {@link OnEventLoops}
     * runs or after {@link io.chatservice.registry.Lane#catchUp()}, so that it goes after what other loops sent before.
     */
    public void send(ChatSession session, WireFrame frame) {
        Channel socket = session.socket();
        // Vert.x may have sent the close frame itself (a message over the size limit) while the socket is still open:
        // nothing may follow a close frame.
        if (session.isClosing() || !socket.isActive() || FrameGuard.closeSent(socket)) {
            metrics.dropped(DropReason.CLOSED);
            return;
        }
        if (session.sendsDirect() && DirectSend.send(socket, frame.bytes())) {
            session.caughtUp(); // nothing was waiting
            metrics.sent();
            return;
        }
        if (socket.isWritable()) {
            session.caughtUp();
        } else if (isOverBudget(session, socket)) {
            metrics.dropped(DropReason.SLOW_CONSUMER);
            evictSlow(session);
            return;
        }
        // A failed write closes the connection through Vert.x, and @OnClose cleans up: no promise per frame.
        socket.writeAndFlush(frame.share(), socket.voidPromise());
        metrics.sent();
    }

    /**
     * Sends a frame to one connection and says whether it was written to the socket, and with it every frame sent to
     * the connection before; on the connection's event loop only.
     *
     * @return completes with false if the connection closed first or the write failed
     */
    public CompletionStage<Boolean> sendWritten(ChatSession session, String text) {
        Channel socket = session.socket();
        if (session.isClosing() || !socket.isActive()) {
            metrics.dropped(DropReason.CLOSED);
            return Stages.FALSE;
        }
        session.lane().catchUp(); // "written" stands for every frame sent before: those of other loops go first
        WireFrame frame = WireFrame.text(text);
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        try {
            socket.writeAndFlush(frame.share()).addListener(done -> written.complete(done.isSuccess()));
            metrics.sent();
        } finally {
            frame.release();
        }
        return written;
    }

    /** Pings each connection, from any thread; the peer's pong counts as a sign of life. */
    public void ping(ChatSession[] sessions) {
        WireFrame ping = WireFrame.ping();
        try {
            OnEventLoops.forEach(sessions, ping, (session, frame) -> {
                Channel socket = session.socket();
                if (!session.isClosing() && socket.isActive()) {
                    socket.writeAndFlush(frame.share(), socket.voidPromise());
                }
            });
        } finally {
            ping.release();
        }
    }

    /** Whether the connection's reader stopped reading; the sweeper asks too, for connections nobody writes to. */
    public boolean isStalled(ChatSession session) {
        if (session.socket().isWritable()) {
            session.caughtUp();
            return false;
        }
        return session.overBudgetFor(System.nanoTime()) > stallNanos;
    }

    private boolean isOverBudget(ChatSession session, Channel socket) {
        return session.overBudgetFor(System.nanoTime()) > stallNanos || socket.bytesBeforeWritable() > hardLimit;
    }

    /** Closes and evicts a stalled reader. */
    public void evictSlow(ChatSession session) {
        evictions.evict(session, CloseCodes.SLOW_CONSUMER,
                "too slow: stopped reading");
    }
}
