package io.chatservice.cluster.redis;

import java.time.Duration;

import io.chatservice.config.ChatConfig;

/**
 * What keeping a message needs to know, apart from the message path's {@link BrokerSettings}, so that tests can build
 * it by hand.
 *
 * @param size messages kept per stream; 0 keeps none, and offsets still advance
 * @param ttl how long a stream is kept after its last message
 * @param cidWindow how long a sender's {@code cid} is remembered
 */
public record HistorySettings(int size, Duration ttl, Duration cidWindow) {

    public HistorySettings {
        if (size < 0) {
            throw new IllegalArgumentException("chat.history.size must not be negative");
        }
    }

    static HistorySettings from(ChatConfig.History config) {
        return new HistorySettings(config.size(), config.ttl(), config.cidWindow());
    }

    /** In milliseconds, at least 1: Redis refuses 0 for PX and deletes a key at once with PEXPIRE 0. */
    long ttlMillis() {
        return Math.max(1, ttl.toMillis());
    }

    long cidWindowMillis() {
        return Math.max(1, cidWindow.toMillis());
    }
}
