package io.chatservice.admission;

import jakarta.inject.Singleton;

import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.Refusal;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;
import io.chatservice.delivery.Replies;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.vertx.core.Vertx;

/**
 * Closes a {@code jwt}-mode connection when its token runs out: a {@code TOKEN_EXPIRED} error frame, then close
 * 4401, and the connection leaves at once. SmallRye JWT does not set the identity attribute that WebSockets Next
 * watches for this ({@code quarkus.identity.expire-time}), and this service verifies tokens itself, so the timer is
 * ours: one per connection, made at admission on the connection's event loop, which the timer then runs on, and
 * cancelled when the connection closes first. Connections in {@code names} mode have none.
 */
@Singleton
public class TokenExpiry {

    private static final TypedKey<Long> TIMER = new TypedKey<>("chat.token-timer");

    private final Vertx vertx;
    private final Replies replies;
    private final Evictions evictions;
    private final ChatMetrics metrics;

    public TokenExpiry(Vertx vertx, Replies replies, Evictions evictions, ChatMetrics metrics) {
        this.vertx = vertx;
        this.replies = replies;
        this.evictions = evictions;
        this.metrics = metrics;
    }

    /** @param closesAt when to close the connection, in milliseconds since the epoch */
    void watch(ChatSession session, long closesAt) {
        long delay = Math.max(1, closesAt - System.currentTimeMillis());
        session.connection().userData().put(TIMER, vertx.setTimer(delay, id -> expire(session)));
    }

    /** The connection closed: its timer goes with it. */
    void cancel(ChatSession session) {
        Long timer = session.connection().userData().remove(TIMER);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void expire(ChatSession session) {
        session.connection().userData().remove(TIMER);
        if (session.isClosing() || !session.connection().isOpen()) {
            return;
        }
        metrics.refused(Refusal.TOKEN_EXPIRED);
        replies.error(session, new ProtocolException(ErrorCode.TOKEN_EXPIRED,
                "your token has expired; connect again with a new one"));
        evictions.evict(session, CloseCodes.TOKEN_EXPIRED, "token expired");
    }
}
