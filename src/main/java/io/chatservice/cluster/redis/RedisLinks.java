package io.chatservice.cluster.redis;

import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/**
 * Whether each of this node's connections to Redis is up, and since when the first of them is down: what
 * readiness and the fail-fast checks of the message path read. A link is a name ("subscriber", "publisher",
 * "state"); it is up only between {@link #up} and {@link #down}.
 */
@Singleton
public class RedisLinks {

    /** Link name to {@link System#nanoTime()} when it went down; absent while it is up. */
    private final ConcurrentHashMap<String, Long> down = new ConcurrentHashMap<>();

    /** Links that have not been up once since the node started. */
    private final java.util.Set<String> connecting = ConcurrentHashMap.newKeySet();

    /** A link that is not up yet: this node starts cut off until it has connected. */
    public void starting(String link) {
        down.putIfAbsent(link, System.nanoTime());
        connecting.add(link);
    }

    public void up(String link) {
        down.remove(link);
        connecting.remove(link);
    }

    /** Some link has not connected once yet: the node has never been part of the cluster. */
    public boolean isConnecting() {
        return !connecting.isEmpty();
    }

    public void down(String link) {
        down.putIfAbsent(link, System.nanoTime());
    }

    public boolean isUp(String link) {
        return !down.containsKey(link);
    }

    /** Every link is up. */
    public boolean allUp() {
        return down.isEmpty();
    }

    /** For how long (nanoseconds) some link has been down; 0 when all are up. */
    public long downFor(long now) {
        long since = Long.MAX_VALUE;
        for (Long t : down.values()) {
            since = Math.min(since, t);
        }
        return since == Long.MAX_VALUE ? 0 : Math.max(1, now - since);
    }
}
