package io.chatservice.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = -5 * SECOND; // nanoTime may be negative

    /** Takes a token at {@code now}; returns the new state, failing if refused. */
    private static long take(RateLimit limit, long state, long now) {
        long next = limit.take(state, now);
        assertNotEquals(RateLimit.REFUSED, next, "refused at " + (now - T0) + " ns");
        return next;
    }

    @Test
    void aFullBucketGivesItsBurstAtOnceAndThenNothing() {
        RateLimit limit = new RateLimit(10, 30);
        long state = RateLimit.full(T0);
        for (int i = 0; i < 30; i++) {
            state = take(limit, state, T0);
        }

        assertEquals(RateLimit.REFUSED, limit.take(state, T0));
    }

    @Test
    void anEmptyBucketRefillsAtTheRate() {
        RateLimit limit = new RateLimit(10, 3);
        long state = RateLimit.full(T0);
        for (int i = 0; i < 3; i++) {
            state = take(limit, state, T0);
        }

        assertEquals(RateLimit.REFUSED, limit.take(state, T0 + SECOND / 10 - 1));
        state = take(limit, state, T0 + SECOND / 10);
        assertEquals(RateLimit.REFUSED, limit.take(state, T0 + SECOND / 10));
    }

    @Test
    void aQuietBucketFillsUpToItsBurstAndNoMore() {
        RateLimit limit = new RateLimit(10, 3);
        long state = RateLimit.full(T0);
        long later = T0 + 60 * SECOND;
        for (int i = 0; i < 3; i++) {
            state = take(limit, state, later);
        }

        assertEquals(RateLimit.REFUSED, limit.take(state, later));
    }

    @Test
    void itSaysHowLongUntilTheNextToken() {
        RateLimit limit = new RateLimit(4, 1);
        long state = take(limit, RateLimit.full(T0), T0);

        assertEquals(SECOND / 4, limit.waitFor(state, T0));
        assertEquals(0, limit.waitFor(state, T0 + SECOND));
    }

    @Test
    void aSharedBucketCountsEveryTaker() {
        RateLimit limit = new RateLimit(1, 5);
        AtomicLong shared = new AtomicLong(RateLimit.full(T0));
        for (int i = 0; i < 5; i++) {
            assertTrue(limit.take(shared, T0));
        }

        assertFalse(limit.take(shared, T0));
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimit limit = new RateLimit(0, 1);
        long state = RateLimit.full(T0);
        for (int i = 0; i < 1000; i++) {
            state = take(limit, state, T0);
        }

        assertTrue(limit.isUnlimited());
    }

    @Test
    void aCostlyRequestTakesItsTokensAllOrNone() {
        RateLimit limit = new RateLimit(10, 5);
        long state = limit.take(RateLimit.full(T0), T0, 3);
        assertNotEquals(RateLimit.REFUSED, state);

        assertEquals(RateLimit.REFUSED, limit.take(state, T0, 3), "two left, three asked");
        state = take(limit, state, T0);
        state = take(limit, state, T0);
        assertEquals(RateLimit.REFUSED, limit.take(state, T0));
    }

    @Test
    void aCostlyRequestWaitsUntilItsTokensAreBack() {
        RateLimit limit = new RateLimit(10, 5);
        long state = limit.take(RateLimit.full(T0), T0, 5);

        long wait = limit.waitFor(state, T0, 3);
        assertEquals(3 * SECOND / 10, wait);
        assertEquals(RateLimit.REFUSED, limit.take(state, T0 + wait - 1, 3));
        assertNotEquals(RateLimit.REFUSED, limit.take(state, T0 + wait, 3));
    }

    @Test
    void aRequestCostingMoreThanTheBurstTakesTheWholeBurst() {
        RateLimit limit = new RateLimit(10, 4);
        long state = limit.take(RateLimit.full(T0), T0, 9);

        assertNotEquals(RateLimit.REFUSED, state, "never refused for ever");
        assertEquals(RateLimit.REFUSED, limit.take(state, T0));
    }

    @Test
    void manyTokensAreTakenAtOnceAndRefilledAtTheRate() {
        RateLimit bytes = new RateLimit(1000, 10_000); // 1 000 bytes a second, bursts of 10 000
        AtomicLong bucket = new AtomicLong(RateLimit.full(T0));
        assertTrue(bytes.take(bucket, T0, 6000));
        assertTrue(bytes.take(bucket, T0, 4000));
        assertFalse(bytes.take(bucket, T0, 1), "the burst is spent");
        long wait = bytes.waitFor(bucket.get(), T0, 2000);
        assertEquals(2 * SECOND, wait, 1_000_000);
        assertFalse(bytes.take(bucket, T0 + wait - SECOND / 10, 2000), "not before the wait");
        assertTrue(bytes.take(bucket, T0 + wait, 2000), "after the wait");
    }

    @Test
    void aTakeLargerThanTheBurstPassesOnlyFromAFullBucket() {
        RateLimit bytes = new RateLimit(1000, 10_000);
        AtomicLong bucket = new AtomicLong(RateLimit.full(T0));
        assertTrue(bytes.take(bucket, T0, 50_000), "counted as the whole burst");
        assertFalse(bytes.take(bucket, T0 + SECOND, 50_000), "not until the bucket is full again");
        assertTrue(bytes.take(bucket, T0 + 10 * SECOND, 50_000));
    }
}
