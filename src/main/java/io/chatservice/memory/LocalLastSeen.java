package io.chatservice.memory;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.chatservice.identity.LastSeen;

/** Last sightings in this process ({@code chat.broker=memory}); those past the retention are purged. */
public class LocalLastSeen implements LastSeen {

    private final ConcurrentHashMap<String, Long> seenAt = new ConcurrentHashMap<>();
    private final long retentionMillis;

    public LocalLastSeen(Duration retention) {
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void seen(String user) {
        seenAt.put(user, System.currentTimeMillis());
    }

    /** Whether the user had a connection within the retention. */
    public boolean isRecent(String user) {
        Long at = seenAt.get(user);
        return at != null && System.currentTimeMillis() - at <= retentionMillis;
    }

    /** Forgets those seen longer ago than the retention. */
    public void purge() {
        long now = System.currentTimeMillis();
        seenAt.values().removeIf(at -> now - at > retentionMillis);
    }
}
