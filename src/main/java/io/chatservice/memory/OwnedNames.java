package io.chatservice.memory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Names kept per user for the user's owner ({@link LocalOwners}), in this process: the names a user wrote to, or
 * blocks. An owner sees only what was kept for it, so a newcomer under a freed name starts with nothing; a user's
 * names kept for an owner that no longer holds the name, and names older than the time to live, are dropped by a
 * sweep, at most once a minute, from an {@link #add}.
 */
public final class OwnedNames {

    private static final long SWEEP_EVERY_NANOS = 60_000_000_000L;

    private final ConcurrentHashMap<String, Owned> byUser = new ConcurrentHashMap<>();
    private final UnaryOperator<String> currentOwner;
    private final long ttlNanos;
    private final int most;
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime() + SWEEP_EVERY_NANOS);

    /**
     * @param currentOwner a user's owner now, or null
     * @param ttlNanos how long a name stays after it was last added; 0: until its owner goes
     * @param most names one user may have; 0: any number
     */
    public OwnedNames(UnaryOperator<String> currentOwner, long ttlNanos, int most) {
        this.currentOwner = currentOwner;
        this.ttlNanos = ttlNanos;
        this.most = most;
    }

    /** @return false, and nothing changes, if the user has {@code most} other names already */
    public boolean add(String user, String owner, String name) {
        sweepIfDue();
        long now = System.nanoTime();
        boolean[] added = { true };
        byUser.compute(user, (u, owned) -> {
            Owned mine = owned == null || !owned.owner.equals(owner) ? new Owned(owner) : owned;
            synchronized (mine) {
                mine.dropExpired(now, ttlNanos);
                if (most > 0 && mine.names.size() >= most && !mine.names.containsKey(name)) {
                    added[0] = false;
                    return owned;
                }
                mine.names.remove(name); // to the end: the names stay in the order last added
                mine.names.put(name, now);
                return mine;
            }
        });
        return added[0];
    }

    /**
     * Whether {@code name} was added for the user's {@code owner} less than {@code withinNanos} ago: then adding it
     * again may wait, and a message need not take the map's lock to say what it said a moment before.
     */
    public boolean addedWithin(String user, String owner, String name, long withinNanos) {
        Owned owned = byUser.get(user);
        if (owned == null) {
            return false;
        }
        synchronized (owned) {
            Long at = owned.names.get(name);
            return at != null && owned.owner.equals(owner) && System.nanoTime() - at < withinNanos;
        }
    }

    public void remove(String user, String owner, String name) {
        byUser.computeIfPresent(user, (u, owned) -> {
            synchronized (owned) {
                if (owned.owner.equals(owner)) {
                    owned.names.remove(name);
                }
                return owned.names.isEmpty() ? null : owned;
            }
        });
    }

    /** Whether anything is kept for the user, for any owner: if not, nobody need look the user's owner up. */
    public boolean hasAny(String user) {
        return byUser.containsKey(user);
    }

    public boolean contains(String user, String owner, String name) {
        if (owner == null) {
            return false;
        }
        Owned owned = byUser.get(user);
        if (owned == null) {
            return false;
        }
        synchronized (owned) {
            Long at = owned.names.get(name);
            return owned.owner.equals(owner) && at != null && !expired(at, System.nanoTime(), ttlNanos);
        }
    }

    /** The owner's names, in the order last added. */
    public List<String> list(String user, String owner) {
        Owned owned = byUser.get(user);
        if (owned == null || owner == null) {
            return List.of();
        }
        long now = System.nanoTime();
        synchronized (owned) {
            if (!owned.owner.equals(owner)) {
                return List.of();
            }
            List<String> names = new ArrayList<>(owned.names.size());
            owned.names.forEach((name, at) -> {
                if (!expired(at, now, ttlNanos)) {
                    names.add(name);
                }
            });
            return names;
        }
    }

    private void sweepIfDue() {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_EVERY_NANOS)) {
            return;
        }
        for (String user : byUser.keySet()) {
            byUser.computeIfPresent(user, (u, owned) -> {
                if (!owned.owner.equals(currentOwner.apply(u))) {
                    return null;
                }
                synchronized (owned) {
                    owned.dropExpired(now, ttlNanos);
                    return owned.names.isEmpty() ? null : owned;
                }
            });
        }
    }

    private static boolean expired(long at, long now, long ttlNanos) {
        return ttlNanos > 0 && now - at > ttlNanos;
    }

    /**
     * One user's names for one owner. Changed inside the map's {@code compute} only, and read under its own lock,
     * which the changes take too.
     */
    private static final class Owned {
        final String owner;
        final LinkedHashMap<String, Long> names = new LinkedHashMap<>();

        Owned(String owner) {
            this.owner = owner;
        }

        /** Under this object's lock. The names are in the order last added: the expired ones come first. */
        void dropExpired(long now, long ttlNanos) {
            if (ttlNanos <= 0) {
                return;
            }
            for (Iterator<Long> it = names.values().iterator(); it.hasNext() && expired(it.next(), now, ttlNanos);) {
                it.remove();
            }
        }
    }
}
