package io.chatservice.admission;

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

/** WebSocket upgrades per client address ({@code chat.limits.upgrade-rate-per-address}, with its burst). */
@Singleton
public class UpgradeRates {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final RateLimit limit;
    private final ConcurrentHashMap<String, AtomicLong> byAddress = new ConcurrentHashMap<>();

    public UpgradeRates(ChatConfig config) {
        this.limit = new RateLimit(config.limits().upgradeRatePerAddress(), config.limits().upgradeBurstPerAddress());
    }

    void startPurging(@Observes StartupEvent event, Vertx vertx) {
        if (!limit.isUnlimited()) {
            vertx.setPeriodic(PURGE_INTERVAL.toMillis(), id -> purgeFull(System.nanoTime()));
        }
    }

    /** @return 0 if the address may upgrade now, else how many milliseconds until it may */
    public long take(String address) {
        if (limit.isUnlimited()) {
            return 0;
        }
        long now = System.nanoTime();
        AtomicLong state = byAddress.computeIfAbsent(address, a -> new AtomicLong(RateLimit.full(now)));
        if (limit.take(state, now)) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit.waitFor(state.get(), now)));
    }

    /** An address whose bucket has filled up again is forgotten: it would start full anyway. */
    void purgeFull(long now) {
        byAddress.entrySet().removeIf(entry -> entry.getValue().get() - now <= 0);
    }
}
