package io.chatservice.lifecycle;

import java.time.Duration;

/**
 * How a drain spreads {@code connections} over its window: {@link #batches()} batches of nearly equal size (they
 * differ by one at most), the first at once and each next one {@link #interval()} later, so that the last one leaves
 * before the window ends. Never more batches than connections, nor closer together than the floor on the interval.
 */
public record DrainPlan(int connections, int batches, Duration interval) {

    public static DrainPlan of(int connections, Duration window, Duration minInterval) {
        if (connections <= 0) {
            return new DrainPlan(0, 0, Duration.ZERO);
        }
        long windowNanos = Math.max(0, window.toNanos());
        long floorNanos = Math.max(1, minInterval.toNanos());
        long slots = Math.max(1, windowNanos / floorNanos);
        int batches = (int) Math.min(connections, slots);
        return new DrainPlan(connections, batches, Duration.ofNanos(windowNanos / batches));
    }

    /** The index of the first connection of a batch; {@code from(batches())} is {@code connections()}. */
    public int from(int batch) {
        return (int) ((long) batch * connections / batches);
    }

    /** How many batches are due this long after the drain began: those whose time has come. */
    public int dueBy(Duration elapsed) {
        if (batches == 0 || interval.isZero()) {
            return batches;
        }
        long due = elapsed.toNanos() / interval.toNanos() + 1;
        return (int) Math.max(1, Math.min(batches, due));
    }

    /** When a batch goes, after the drain began. */
    public Duration at(int batch) {
        return interval.multipliedBy(batch);
    }
}
