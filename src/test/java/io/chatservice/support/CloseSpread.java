package io.chatservice.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** How the closes of a drain were spread in time, as the clients saw them. */
public final class CloseSpread {

    private static final Duration SLICE = Duration.ofMillis(200);

    private CloseSpread() {
    }

    /**
     * The closes ({@link System#nanoTime()} when each arrived) took most of the window, not an instant: at least half
     * of it from the first to the last, and no fifth of a second holding more than a quarter of them.
     */
    public static void assertSpreadOver(Duration window, List<Long> closedAt) {
        List<Long> sorted = closedAt.stream().sorted().toList();
        long span = sorted.get(sorted.size() - 1) - sorted.get(0);
        assertTrue(span >= window.toNanos() / 2, "closes spread over " + TimeUnit.NANOSECONDS.toMillis(span) + " ms");
        int busiest = 0;
        for (int i = 0, j = 0; i < sorted.size(); i++) {
            while (sorted.get(i) - sorted.get(j) > SLICE.toNanos()) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        assertTrue(busiest <= sorted.size() / 4, busiest + " of " + sorted.size() + " closes within " + SLICE);
    }
}
