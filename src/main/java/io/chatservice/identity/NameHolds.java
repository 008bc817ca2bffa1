package io.chatservice.identity;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Who holds each name, and with how many connections. A name in use is held by the key its first connection was
 * given: a further connection under it, on either channel, is let in only with that key. A plain hold ends with the
 * name's last connection; a claimed one keeps the name for its key for {@code chat.identity.claim-ttl} after its last
 * use. In {@code jwt} mode the token proves the name, and a hold only counts connections.
 * <p>
 * Kept in this process's memory: claims do not survive a restart.
 */
@Singleton
public class NameHolds {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, Hold> holds = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final long claimTtlMillis;
    private final int maxConnectionsPerUser;

    public NameHolds(ChatConfig config) {
        this.claimTtlMillis = config.identity().claimTtl().toMillis();
        this.maxConnectionsPerUser = config.limits().maxConnectionsPerUser();
    }

    void startPurging(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(PURGE_INTERVAL.toMillis(), id -> purgeExpired(System.currentTimeMillis()));
    }

    /**
     * Takes a connection under a name, proven by its key. Holds are kept by the name's form
     * ({@link NameForms#userForm}): while one spelling is held, every other spelling of its form is taken.
     * A free name is taken by the key presented A free name is taken by the key presented, if it has the
     * shape of one of ours (so that tabs which reconnect together after a restart keep the name together), or else
     * by a new one.
     *
     * @param key the key the connection presented, or null
     * @return the key the name is held by, which the connection is told
     */
    public Admitted admitWithKey(String name, String key) throws ProtocolException {
        long now = System.currentTimeMillis();
        Admitted[] admitted = new Admitted[1];
        ProtocolException[] refused = new ProtocolException[1];
        holds.compute(NameForms.userForm(name), (n, hold) -> {
            if (hold == null || hold.isFree(now, claimTtlMillis)) {
                String held = Keys.isWellFormed(key) ? key : Keys.newKey(random);
                Hold fresh = new Hold(name, Keys.hash(held));
                fresh.connections = 1;
                admitted[0] = new Admitted(held, fresh.sendBudget);
                return fresh;
            }
            if (!hold.name.equals(name) || hold.keyHex == null
                    || !Keys.matches(HexFormat.of().parseHex(hold.keyHex), key)) {
                refused[0] = taken(name);
                return hold;
            }
            if (!hasRoom(hold)) {
                refused[0] = tooMany(name);
                return hold;
            }
            hold.connections++;
            admitted[0] = new Admitted(key, hold.sendBudget);
            return hold;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return admitted[0];
    }

    /** Takes a connection under a name its token has proven. */
    public Admitted admitProven(String name) throws ProtocolException {
        Admitted[] admitted = new Admitted[1];
        ProtocolException[] refused = new ProtocolException[1];
        holds.compute(NameForms.userForm(name), (n, hold) -> {
            Hold h = hold == null || hold.isFree(System.currentTimeMillis(), claimTtlMillis) ? new Hold(name, null)
                    : hold;
            if (!h.name.equals(name)) {
                refused[0] = taken(name); // another subject whose name looks the same is connected
            } else if (!hasRoom(h)) {
                refused[0] = tooMany(name);
            } else {
                h.connections++;
                admitted[0] = new Admitted(null, h.sendBudget);
            }
            return h;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return admitted[0];
    }

    /** One of the name's connections closed; a plain hold ends with the last. */
    public void disconnected(String name) {
        long now = System.currentTimeMillis();
        holds.computeIfPresent(NameForms.userForm(name), (n, hold) -> {
            if (!hold.name.equals(name)) {
                return hold;
            }
            hold.connections--;
            hold.lastUsed = now;
            return hold.connections > 0 || hold.claimed && hold.keyHex != null ? hold : null;
        });
    }

    /**
     * Keeps the name for its key after its connections close, for {@code chat.identity.claim-ttl} after its last use.
     *
     * @return false if the name is proven by tokens, not held by a key: there is nothing to keep
     */
    public boolean claim(String name) {
        boolean[] keyed = new boolean[1];
        holds.computeIfPresent(NameForms.userForm(name), (n, hold) -> {
            if (!hold.name.equals(name)) {
                return hold;
            }
            keyed[0] = hold.keyHex != null;
            hold.claimed = keyed[0];
            return hold;
        });
        return keyed[0];
    }

    /** Gives a claim up: the name is free again once its last connection closes. */
    public void release(String name) {
        holds.computeIfPresent(NameForms.userForm(name), (n, hold) -> {
            if (!hold.name.equals(name)) {
                return hold;
            }
            hold.claimed = false;
            return hold.connections > 0 ? hold : null;
        });
    }

    /**
     * An operator ends the claim of a name, whichever spelling of its form holds it: the name is free once its
     * connections, if any, close.
     *
     * @return the spelling whose claim ended, or null if the name was not claimed
     */
    public String endClaim(String name) {
        long now = System.currentTimeMillis();
        String[] ended = new String[1];
        holds.computeIfPresent(NameForms.userForm(name), (n, hold) -> {
            if (hold.claimed && !hold.isFree(now, claimTtlMillis)) {
                ended[0] = hold.name;
            }
            hold.claimed = false;
            return hold.connections > 0 ? hold : null;
        });
        return ended[0];
    }

    /** Whether anyone holds the name now, by a connection or a claim. */
    boolean isHeld(String name) {
        Hold hold = hold(name);
        return hold != null && !hold.isFree(System.currentTimeMillis(), claimTtlMillis);
    }

    /** The hold of exactly this spelling, or null: another spelling of its form holds nothing for it. */
    private Hold hold(String name) {
        Hold hold = holds.get(NameForms.userForm(name));
        return hold != null && hold.name.equals(name) ? hold : null;
    }

    private static ProtocolException taken(String name) {
        // One wording whether the name is in use or claimed: the answer says nothing about an offline holder.
        return new ProtocolException(ErrorCode.NAME_TAKEN, "the name '" + name + "' is taken");
    }

    /**
     * The hash of the key a claimed name is kept for (hex), or null if the name is not claimed now: a private message
     * to its offline holder is kept for that key, and for nobody who takes the name after the claim ends.
     */
    public String claimedKeyHash(String name) {
        Hold hold = hold(name);
        long now = System.currentTimeMillis();
        return hold == null || !hold.claimed || hold.keyHex == null || hold.isFree(now, claimTtlMillis) ? null
                : hold.keyHex;
    }

    /** The hash of the key the name is held by now (hex), or null if no key holds it. */
    public String keyHash(String name) {
        Hold hold = hold(name);
        return hold == null || hold.keyHex == null || hold.isFree(System.currentTimeMillis(), claimTtlMillis) ? null
                : hold.keyHex;
    }

    public boolean isClaimed(String name) {
        Hold hold = hold(name);
        return hold != null && hold.claimed && !hold.isFree(System.currentTimeMillis(), claimTtlMillis);
    }

    void purgeExpired(long now) {
        holds.forEach((name, hold) -> holds.computeIfPresent(name, (n, h) -> h.isFree(now, claimTtlMillis) ? null : h));
    }

    private boolean hasRoom(Hold hold) {
        return maxConnectionsPerUser <= 0 || hold.connections < maxConnectionsPerUser;
    }

    private ProtocolException tooMany(String name) {
        return new ProtocolException(ErrorCode.TOO_MANY_CONNECTIONS,
                "'" + name + "' has " + maxConnectionsPerUser + " connections open, the most one name may have");
    }

    /** Changed only inside the map's {@code compute}, which serialises changes to one name. */
    private static final class Hold {
        /** The spelling that holds the form, as its holder wrote it. */
        final String name;
        /**
         * The key's hash in hex, made once: mailboxes, blocks and conversations ask it for every private message. The
         * only form kept (a connection that presents a key parses it back), so that a name costs one copy of it.
         */
        final String keyHex;
        final AtomicLong sendBudget = new AtomicLong(System.nanoTime());
        int connections;
        boolean claimed;
        long lastUsed;

        Hold(String name, byte[] keyHash) {
            this.name = name;
            this.keyHex = keyHash == null ? null : HexFormat.of().formatHex(keyHash);
        }

        boolean isFree(long now, long claimTtlMillis) {
            return connections == 0 && (!claimed || now - lastUsed > claimTtlMillis);
        }
    }
}
