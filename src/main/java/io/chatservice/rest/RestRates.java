package io.chatservice.rest;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.limits.RateLimit;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * REST requests per client address ({@code chat.limits.rest-rate-per-address}, with its burst), weighted by what a
 * request costs the service: a history page reads and sends up to a hundred kept messages, a presence call a list.
 * Counted on each node, like the upgrade rate.
 */
@Singleton
public class RestRates {

    /** Messages of a history page that cost one more token. */
    static final int MESSAGES_PER_TOKEN = 25;

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final RateLimit limit;
    private final int defaultPage;
    private final int maxPage;
    private final ConcurrentHashMap<String, AtomicLong> byAddress = new ConcurrentHashMap<>();

    public RestRates(ChatConfig config) {
        this.limit = new RateLimit(config.limits().restRatePerAddress(), config.limits().restBurstPerAddress());
        this.maxPage = config.history().maxPage();
        this.defaultPage = Math.min(RoomResource.DEFAULT_PAGE, maxPage);
    }

    void startPurging(@Observes StartupEvent event, Vertx vertx) {
        if (!limit.isUnlimited()) {
            vertx.setPeriodic(PURGE_INTERVAL.toMillis(), id -> purgeFull(System.nanoTime()));
        }
    }

    public boolean isUnlimited() {
        return limit.isUnlimited();
    }

    /**
     * What a request costs: one token, and for a page of history one more per {@link #MESSAGES_PER_TOKEN} messages
     * it may hold ({@code limit}, or the default page). A {@code limit} that is no number is answered 400 by the
     * resource, and costs one.
     */
    int cost(String path, String limitParameter) {
        if (!path.endsWith("/messages")) {
            return 1;
        }
        int messages = defaultPage;
        if (limitParameter != null) {
            try {
                messages = Integer.parseInt(limitParameter);
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        int read = Math.min(Math.max(0, messages), maxPage); // a larger limit is answered 400 and reads nothing
        return 1 + (read + MESSAGES_PER_TOKEN - 1) / MESSAGES_PER_TOKEN;
    }

    /** @return 0 if the address may make a request of this cost now, else how many milliseconds until it may */
    public long take(String address, int cost) {
        if (limit.isUnlimited()) {
            return 0;
        }
        long now = System.nanoTime();
        AtomicLong state = byAddress.computeIfAbsent(address, a -> new AtomicLong(RateLimit.full(now)));
        if (limit.take(state, now, cost)) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit.waitFor(state.get(), now, cost)));
    }

    /** An address whose bucket has filled up again is forgotten: it would start full anyway. */
    void purgeFull(long now) {
        byAddress.entrySet().removeIf(entry -> entry.getValue().get() - now <= 0);
    }
}
