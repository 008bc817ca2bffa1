package io.chatservice.identity;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The names claimed through this node, for its cap ({@code chat.limits.max-claims}): each by its form, with when it
 * was last claimed. A claim leaves when it is released through this node, or {@code claim-ttl} after it was last
 * claimed (by then an unrenewed claim has ended, unless its holder stayed connected all that time).
 */
public class ClaimLedger {

    private final ConcurrentHashMap<String, Long> claimedAt = new ConcurrentHashMap<>();
    private final int max;
    private final long ttlMillis;

    /** @param max the most claims; 0: any number */
    public ClaimLedger(int max, long ttlMillis) {
        this.max = max;
        this.ttlMillis = ttlMillis;
    }

    public int max() {
        return max;
    }

    /** Whether a new claim of the form fits under the cap (a form counted already always does). */
    public boolean hasRoom(String form) {
        if (max <= 0 || claimedAt.containsKey(form) || claimedAt.size() < max) {
            return true;
        }
        purge();
        return claimedAt.size() < max;
    }

    /** A claim of the form was made or renewed through this node. */
    public void claimed(String form) {
        claimedAt.put(form, System.currentTimeMillis());
    }

    /** A claim of the form was renewed: counted anew if it is counted here. */
    public void renewed(String form) {
        claimedAt.computeIfPresent(form, (f, at) -> System.currentTimeMillis());
    }

    public void released(String form) {
        claimedAt.remove(form);
    }

    public int size() {
        return claimedAt.size();
    }

    /** Forgets claims made longer ago than the claim-ttl. */
    public void purge() {
        long now = System.currentTimeMillis();
        claimedAt.values().removeIf(at -> now - at > ttlMillis);
    }
}
