package io.chatservice.cluster.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.identity.AddressClaims;

/**
 * Claims per address over the cluster ({@code chat.broker=redis}): a counter per address,
 * {@code chat:{claims:<address>}}, that expires a day after the address's first claim, so that every node counts
 * against the same day.
 */
@Singleton
@Typed(RedisAddressClaims.class)
public class RedisAddressClaims implements AddressClaims {

    /** ARGV the most claims, a day in ms. 0: counted; else ms until the count expires (nothing counted). */
    static final Script TAKE = Script.of("claims-take", """
            local n = tonumber(redis.call('GET', KEYS[1]) or '0')
            if n >= tonumber(ARGV[1]) then
              local left = redis.call('PTTL', KEYS[1])
              if left < 1 then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                left = tonumber(ARGV[2])
              end
              return left
            end
            redis.call('INCR', KEYS[1])
            if n == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """);

    private final StateConnection state;
    private final int perDay;

    @Inject
    public RedisAddressClaims(StateConnection state, ChatConfig config) {
        this(state, config.limits().claimsPerAddress());
    }

    public RedisAddressClaims(StateConnection state, int perDay) {
        this.state = state;
        this.perDay = perDay;
    }

    @Override
    public CompletionStage<Long> take(String address) {
        if (perDay <= 0) {
            return CompletableFuture.completedFuture(0L);
        }
        return state.eval(TAKE, "chat:{claims:" + address + "}", perDay, DAY_MILLIS).thenApply(left -> left.toLong());
    }
}
