package io.chatservice.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

/** Plain JUnit: delays stay under a doubling ceiling up to the cap, and reset starts over. */
class BackoffTest {

    /** Always the largest delay allowed: shows the ceiling itself. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), HIGHEST);
        long[] expected = { 100, 200, 400, 800, 1600, 3200, 5000, 5000 };
        for (long ceiling : expected) {
            assertEquals(ceiling, backoff.nextMillis());
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(5000, backoff.nextMillis());
        }
        backoff.reset();
        assertEquals(100, backoff.nextMillis());
    }

    @Test
    void delaysAreJitteredBetweenZeroAndTheCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(1));
        long sum = 0;
        for (int i = 0; i < 1000; i++) {
            long delay = backoff.nextMillis();
            assertTrue(delay >= 0 && delay <= 5000, "delay " + delay);
            sum += i >= 10 ? delay : 0;
        }
        long mean = sum / 990;
        assertTrue(mean > 2000 && mean < 3000, "full jitter averages half the cap, got " + mean);
    }
}
