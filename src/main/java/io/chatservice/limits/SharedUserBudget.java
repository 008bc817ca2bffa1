package io.chatservice.limits;

import java.util.concurrent.CompletionStage;

/**
 * A user's send budget ({@code chat.limits.user-message-rate} and {@code user-message-burst}) over every node, with
 * {@code chat.broker=redis}. With {@code memory} the budget is an {@code AtomicLong} in the name's hold instead,
 * taken without waiting.
 */
public interface SharedUserBudget {

    /**
     * Takes one frame from the user's budget.
     *
     * @return 0 if the frame may go, else how many nanoseconds the user must wait; fails with a
     *         {@link io.chatservice.protocol.ProtocolException} ({@code UNAVAILABLE}) when Redis cannot answer
     */
    CompletionStage<Long> take(String user);
}
