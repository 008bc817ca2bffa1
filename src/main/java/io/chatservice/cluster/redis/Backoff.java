package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time between 0 and min(cap, base * 2^n). The
 * jitter spreads the reconnects of many nodes after a Redis restart, instead of all of them arriving at once and again
 * at each doubling. Not thread-safe: one per link, used on its event loop.
 */
final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.capMillis = Math.max(baseMillis, cap.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt, in milliseconds; each call doubles the ceiling up to the cap. */
    long nextMillis() {
        long ceiling = attempt >= 30 ? capMillis : Math.min(capMillis, baseMillis << attempt);
        attempt++;
        return random.nextLong(ceiling + 1);
    }

    /** The link works again: the next loss starts from the base. */
    void reset() {
        attempt = 0;
    }
}
