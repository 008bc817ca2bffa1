package io.chatservice.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket of {@code rate} tokens a second holding at most {@code burst}, kept as one number: the
 * {@link System#nanoTime()} at which the bucket would be full again (the generic cell rate algorithm). One
 * {@code long} a bucket instead of an object graph matters here, as every idle connection has one; and taking a
 * token is a comparison and an addition, so a few lines are simpler than a library.
 */
public final class RateLimit {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** What {@link #take(long, long)} answers when the bucket is empty. */
    public static final long REFUSED = Long.MIN_VALUE;

    private final long interval;
    private final long tolerance;
    private final int burst;

    /** @param rate tokens per second; 0 or less: no limit */
    public RateLimit(double rate, int burst) {
        this.interval = rate > 0 ? Math.max(1, (long) (NANOS_PER_SECOND / rate)) : 0;
        this.burst = Math.max(1, burst);
        this.tolerance = interval * (this.burst - 1L);
    }

    public boolean isUnlimited() {
        return interval == 0;
    }

    /** The state of a full bucket. */
    public static long full(long now) {
        return now;
    }

    /**
     * Takes a token.
     *
     * @param state the bucket's state, as this method last returned it or {@link #full(long)}
     * @return the new state, or {@link #REFUSED} if the bucket is empty (the state is then unchanged)
     */
    public long take(long state, long now) {
        return take(state, now, 1);
    }

    /**
     * Takes {@code tokens} at once (a costlier request, or the bytes of a text): all of them, or none if the bucket
     * holds fewer. More than the burst are taken as the burst, so that no request is refused for ever.
     *
     * @return the new state, or {@link #REFUSED} (the state is then unchanged)
     */
    public long take(long state, long now, long tokens) {
        if (interval == 0) {
            return state;
        }
        long start = state - now > 0 ? state : now;
        long next = start + cost(tokens);
        return next - now > tolerance + interval ? REFUSED : next;
    }

    /** Takes a token from a bucket that several threads share. */
    public boolean take(AtomicLong state, long now) {
        return take(state, now, 1);
    }

    /** Takes {@code tokens} at once from a bucket that several threads share (see {@link #take(long, long, long)}). */
    public boolean take(AtomicLong state, long now, long tokens) {
        if (interval == 0) {
            return true;
        }
        while (true) {
            long current = state.get();
            long next = take(current, now, tokens);
            if (next == REFUSED) {
                return false;
            }
            if (state.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** How long, in nanoseconds, until an empty bucket holds a token again. */
    public long waitFor(long state, long now) {
        return waitFor(state, now, 1);
    }

    /** How long, in nanoseconds, until the bucket holds {@code tokens} again (as many as fit in the burst). */
    public long waitFor(long state, long now, long tokens) {
        return Math.max(0, state + cost(tokens) - now - tolerance - interval);
    }

    /** The time {@code tokens} take to refill, the burst's at most. */
    private long cost(long tokens) {
        return interval * Math.max(1, Math.min(tokens, burst));
    }
}
