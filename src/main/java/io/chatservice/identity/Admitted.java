package io.chatservice.identity;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection let in under a name.
 *
 * @param key the name's key, to tell the connection; null in {@code jwt} mode
 * @param sendBudget the rate limit state that all of the name's connections on this node share; with
 *        {@code chat.broker=redis} the name's budget over every node is kept in Redis instead
 * @param closesAt when the connection must close because its proof runs out (its token), in milliseconds since the
 *        epoch; 0 for never
 */
public record Admitted(String key, AtomicLong sendBudget, long closesAt) {

    public Admitted(String key, AtomicLong sendBudget) {
        this(key, sendBudget, 0);
    }

    /** The same admission, for a proof that runs out at {@code closesAt}. */
    public Admitted until(long closesAt) {
        return new Admitted(key, sendBudget, closesAt);
    }
}
