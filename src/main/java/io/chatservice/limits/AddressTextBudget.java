package io.chatservice.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;

/**
 * The bytes of message text (and {@link #PER_MESSAGE} for each message) one client address may send, over all its
 * connections and names, on this node
 * ({@code chat.limits.address-text-rate} and {@code address-text-burst}): what one address can make the service keep
 * in history and mailboxes. Without it, one address within every other limit (200 connections under 200 names, each
 * at the frame rate with the largest texts) could send 7 MB a second and push everyone else's history out of the
 * budget within a minute. A bucket is a {@code long}; an address whose bucket is full again needs none, so the
 * buckets of addresses gone quiet are dropped, at most once a minute.
 */
@Singleton
public class AddressTextBudget {

    private static final long SWEEP_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /**
     * What a message is charged beside its text: about what history keeps of it besides (the frame's other fields,
     * its slot), so that a flood of one-character messages is not almost free.
     */
    public static final int PER_MESSAGE = 256;

    private final RateLimit limit;
    private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_EVERY_NANOS);

    @Inject
    public AddressTextBudget(ChatConfig config) {
        this(config.limits().addressTextRate(), config.limits().addressTextBurst());
    }

    AddressTextBudget(long bytesPerSecond, long burstBytes) {
        this.limit = new RateLimit(bytesPerSecond, (int) Math.min(Integer.MAX_VALUE, burstBytes));
    }

    /**
     * Takes a message's text from its address's bucket.
     *
     * @return 0 if it may be sent, else how many nanoseconds until it may
     */
    public long take(String address, int bytes, long now) {
        if (limit.isUnlimited()) {
            return 0;
        }
        sweepIfDue(now);
        AtomicLong bucket = buckets.computeIfAbsent(address, a -> new AtomicLong(RateLimit.full(now)));
        return limit.take(bucket, now, bytes) ? 0 : Math.max(1, limit.waitFor(bucket.get(), now, bytes));
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        buckets.entrySet().removeIf(entry -> entry.getValue().get() - now <= 0);
    }
}
