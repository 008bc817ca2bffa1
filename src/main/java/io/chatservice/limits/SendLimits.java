package io.chatservice.limits;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.Refusal;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;

/**
 * How fast a client may send: a bucket per connection ({@code chat.limits.message-rate} and {@code message-burst})
 * and one per name over all its connections ({@code user-message-rate} and {@code user-message-burst}). Every frame
 * counts: messages, joins, leaves. A frame over either limit is not acted on, and its sender alone is told
 * {@code RATE_LIMITED} with when to try again; a connection that goes on regardless, {@code flood-close-after}
 * refusals in a row, is closed with 1008. Called on the connection's event loop; never waits.
 */
@Singleton
public class SendLimits {

    /** The shared budget could not be asked. */
    private static final Long UNKNOWN = -1L;

    private final RateLimit perConnection;
    private final RateLimit perUser;
    private final int floodCloseAfter;
    private final Evictions evictions;
    private final ChatMetrics metrics;
    /** The users' budgets over every node, with {@code chat.broker=redis}; null in memory. */
    private final SharedUserBudget shared;
    private final AddressTextBudget addressText;

    public SendLimits(ChatConfig config, Evictions evictions, ChatMetrics metrics, SharedUserBudget shared,
            AddressTextBudget addressText) {
        ChatConfig.Limits limits = config.limits();
        this.perConnection = new RateLimit(limits.messageRate(), limits.messageBurst());
        this.perUser = new RateLimit(limits.userMessageRate(), limits.userMessageBurst());
        this.floodCloseAfter = limits.floodCloseAfter();
        this.evictions = evictions;
        this.metrics = metrics;
        this.shared = shared;
        this.addressText = addressText;
    }

    /**
     * Takes a chat message's text from its address's budget of bytes, after the frame itself was allowed.
     *
     * @return true if the message may be sent, false if the connection was closed for flooding
     * @throws ProtocolException {@code RATE_LIMITED} with when to try again: the message is not sent
     */
    public boolean allowText(ChatSession session, String text, long now) throws ProtocolException {
        long waitNanos = addressText.take(session.address(), InputRules.utf8Length(text) + AddressTextBudget.PER_MESSAGE,
                now);
        if (waitNanos == 0) {
            return true;
        }
        metrics.refused(Refusal.ADDRESS_TEXT_RATE);
        if (floodCloseAfter > 0 && session.refused() > floodCloseAfter) {
            metrics.refused(Refusal.FLOODING);
            evictions.evict(session, CloseCodes.POLICY_VIOLATION, "sending too fast");
            return false;
        }
        throw ProtocolException.retryLater(ErrorCode.RATE_LIMITED,
                "your network address is sending too much text; wait a moment",
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
    }

    /**
     * Takes a frame from the session's budgets.
     *
     * @param now {@link System#nanoTime()} as the frame arrived
     * @return completes with true if the frame may be acted on, false if the connection was closed for flooding
     *         and nothing is to be said to it; fails with {@code RATE_LIMITED} when the frame must not be acted on
     */
    public CompletionStage<Boolean> allow(ChatSession session, long now) throws ProtocolException {
        long next = perConnection.take(session.budget(), now);
        if (next == RateLimit.REFUSED) {
            return refuse(session, perConnection.waitFor(session.budget(), now));
        }
        if (shared == null || perUser.isUnlimited()) {
            if (!perUser.take(session.userBudget(), now)) {
                return refuse(session, perUser.waitFor(session.userBudget().get(), now));
            }
            return accept(session, next);
        }
        // The user's budget over every node is in Redis; while Redis cannot answer, this node's share of it counts,
        // so that the node's own members chat on.
        CompletionStage<Long> taken = shared.take(session.user()).exceptionally(failure -> UNKNOWN);
        return Stages.then(taken, session.eventLoop(), waitNanos -> {
            if (waitNanos < 0) {
                return perUser.take(session.userBudget(), now) ? accept(session, next)
                        : refuse(session, perUser.waitFor(session.userBudget().get(), now));
            }
            return waitNanos == 0 ? accept(session, next) : refuse(session, waitNanos);
        });
    }

    private static CompletionStage<Boolean> accept(ChatSession session, long next) {
        session.budget(next);
        session.accepted();
        return Stages.TRUE;
    }

    private CompletionStage<Boolean> refuse(ChatSession session, long waitNanos) throws ProtocolException {
        metrics.refused(Refusal.MESSAGE_RATE);
        if (floodCloseAfter > 0 && session.refused() > floodCloseAfter) {
            metrics.refused(Refusal.FLOODING);
            evictions.evict(session, CloseCodes.POLICY_VIOLATION, "sending too fast");
            return Stages.FALSE;
        }
        throw ProtocolException.retryLater(ErrorCode.RATE_LIMITED, "sending too fast; wait a moment",
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
    }
}
