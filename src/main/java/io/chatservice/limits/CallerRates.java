package io.chatservice.limits;

import java.util.concurrent.TimeUnit;

/**
 * Calls per caller of the server API (a key, a token's subject): a token bucket each, counted on each node. A
 * backend sits behind one address with many users' worth of traffic, so its budget is its own, not its address's.
 */
public final class CallerRates {

    private final KeyedBuckets buckets;

    /** @param rate calls per second; 0 or less: no limit */
    public CallerRates(double rate, int burst) {
        this.buckets = new KeyedBuckets(new RateLimit(rate, burst), System.nanoTime());
    }

    /** @return 0 if the caller may call now (the call is counted), else how many milliseconds until it may */
    public long take(String caller) {
        long now = System.nanoTime();
        if (buckets.take(caller, now)) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(buckets.waitFor(caller, now)));
    }
}
