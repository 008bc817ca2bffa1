package io.chatservice.memory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.chatservice.identity.AddressClaims;

/** Claims per address in this process ({@code chat.broker=memory}); days that ended are forgotten. */
public class LocalAddressClaims implements AddressClaims {

    private final ConcurrentHashMap<String, Day> days = new ConcurrentHashMap<>();
    private final int perDay;

    /** @param perDay claims one address may make in a day; 0: any number */
    public LocalAddressClaims(int perDay) {
        this.perDay = perDay;
    }

    @Override
    public CompletionStage<Long> take(String address) {
        if (perDay <= 0) {
            return CompletableFuture.completedFuture(0L);
        }
        long now = System.currentTimeMillis();
        long[] wait = new long[1];
        days.compute(address, (a, day) -> {
            Day current = day == null || now - day.start >= DAY_MILLIS ? new Day(now) : day;
            if (current.count >= perDay) {
                wait[0] = Math.max(1, current.start + DAY_MILLIS - now);
            } else {
                current.count++;
            }
            return current;
        });
        return CompletableFuture.completedFuture(wait[0]);
    }

    /** Forgets the days that ended. */
    @Override
    public void purge() {
        long now = System.currentTimeMillis();
        days.values().removeIf(day -> now - day.start >= DAY_MILLIS);
    }

    /** Changed only inside the map's {@code compute}. */
    private static final class Day {
        final long start;
        int count;

        Day(long start) {
            this.start = start;
        }
    }
}
