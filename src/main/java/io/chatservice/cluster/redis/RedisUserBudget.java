package io.chatservice.cluster.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.limits.SharedUserBudget;

/**
 * A name's send budget over every node: the generic cell rate algorithm of {@link io.chatservice.limits.RateLimit}
 * in one script on {@code chat:{name:<name>}:rate} (the name's slot), on Redis' clock so that every node reads the
 * same time. The key holds the instant (microseconds) at which the bucket is full again, and expires then: an idle
 * name costs nothing. Microseconds, not nanoseconds, because Lua's numbers are doubles, exact only to 2^53.
 */
@Singleton
@Typed(RedisUserBudget.class)
public class RedisUserBudget implements SharedUserBudget {

    static final Script TAKE = Script.of("take", """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local full = tonumber(redis.call('GET', KEYS[1]) or now)
            local start = math.max(full, now)
            local wait = start - now - tonumber(ARGV[2])
            if wait > 0 then return wait end
            local after = start + tonumber(ARGV[1])
            redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.max(1, math.ceil((after - now) / 1000)))
            return 0
            """);

    private static final CompletionStage<Long> GO = CompletableFuture.completedFuture(0L);

    private final StateConnection state;
    private final long intervalMicros;
    private final long toleranceMicros;

    @Inject
    public RedisUserBudget(StateConnection state, ChatConfig config) {
        this(state, config.limits().userMessageRate(), config.limits().userMessageBurst());
    }

    /** @param rate frames a second; 0 or less: no limit */
    public RedisUserBudget(StateConnection state, double rate, int burst) {
        this.state = state;
        this.intervalMicros = rate > 0 ? Math.max(1, (long) (1_000_000 / rate)) : 0;
        this.toleranceMicros = intervalMicros * (Math.max(1, burst) - 1L);
    }

    @Override
    public CompletionStage<Long> take(String user) {
        if (intervalMicros == 0) {
            return GO;
        }
        return state.eval(TAKE, "chat:{name:" + user + "}:rate", intervalMicros, toleranceMicros)
                .thenApply(r -> r.toLong() * 1000);
    }
}
