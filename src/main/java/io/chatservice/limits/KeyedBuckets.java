package io.chatservice.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket per key (a client address, a name), shared by the threads of every event loop. A key whose bucket
 * is full again needs none, so the buckets of keys gone quiet are dropped, at most once a minute: the map holds only
 * keys that spent tokens within about one refill of the burst.
 */
final class KeyedBuckets {

    private static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final RateLimit limit;
    private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    KeyedBuckets(RateLimit limit, long now) {
        this.limit = limit;
        this.nextSweep = new AtomicLong(now + SWEEP_EVERY_NANOS);
    }

    boolean isUnlimited() {
        return limit.isUnlimited();
    }

    /** @return 0 if the key's bucket holds a token now, else how many nanoseconds until it does */
    long waitFor(String key, long now) {
        AtomicLong bucket = buckets.get(key);
        return limit.isUnlimited() || bucket == null ? 0 : limit.waitFor(bucket.get(), now);
    }

    /** Takes a token, if the bucket holds one. */
    boolean take(String key, long now) {
        if (limit.isUnlimited()) {
            return true;
        }
        sweepIfDue(now);
        return limit.take(buckets.computeIfAbsent(key, k -> new AtomicLong(RateLimit.full(now))), now);
    }

    int size() {
        return buckets.size();
    }

    void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        buckets.entrySet().removeIf(entry -> entry.getValue().get() - now <= 0);
    }
}
