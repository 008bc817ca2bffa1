package io.chatservice.registry;

import java.util.HashMap;
import java.util.Map;

/**
 * When one connection last sent a typing notice to each of its targets (a room, an addressee), so that it sends at
 * most one to each per interval. Touched on the connection's event loop only. Marks older than the interval are
 * dropped as new targets come, so it holds the targets of one interval, which the connection's frame rate bounds;
 * with that rate turned off, {@link #MAX} bounds it.
 */
public final class TypingMarks {

    /** Most targets remembered at once; a new target past it is dropped until some marks expire. */
    static final int MAX = 64;
    /** Below this many marks none are dropped: a connection types to few targets at a time. */
    private static final int PRUNE_FROM = 8;

    private final Map<String, Long> lastSent = new HashMap<>(4);

    /**
     * @param target a room ({@code r:} and its name) or an addressee ({@code u:} and the name)
     * @param now {@link System#nanoTime()} when the notice arrived
     * @param intervalNanos {@code chat.typing.interval}; 0 or less: no limit
     * @return whether the notice goes out; if so, the target's mark is now
     */
    public boolean take(String target, long now, long intervalNanos) {
        if (intervalNanos <= 0) {
            return true;
        }
        Long last = lastSent.get(target);
        if (last != null && now - last < intervalNanos) {
            return false;
        }
        if (last == null && lastSent.size() >= PRUNE_FROM) {
            lastSent.values().removeIf(at -> now - at >= intervalNanos);
            if (lastSent.size() >= MAX) {
                return false;
            }
        }
        lastSent.put(target, now);
        return true;
    }
}
