package io.chatservice.cluster.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.config.ChatConfig;
import io.chatservice.identity.Admitted;
import io.chatservice.identity.Keys;
import io.chatservice.identity.Names;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.vertx.redis.client.Response;

/**
 * Names held over the cluster ({@code chat.broker=redis}): the rules of {@link io.chatservice.identity.NameHolds},
 * kept by {@link NameScripts} in each name's own slot, with the connection cap counted over every node.
 * <p>
 * This node remembers, per name, how many connections it counts and under which key hash, so that it can say so
 * again when it rebuilds ({@link #reassert}). It counts as holder {@code <node>~<epoch>}, the epoch being the one of
 * its presence, which each rebuild raises. Before its first count of a name it records the name in its holder's index
 * in the presence slot ({@link PresenceScripts#INDEX}): when the node dies or stops, or a rebuild or heartbeat finds
 * an index of an older epoch, that index joins the pending drops, and {@link #drop} takes its counts out. The memory
 * is changed only under {@link StateConnection#inOrder}.
 * <p>
 * {@link Admitted#sendBudget()} is a fresh one per connection: the name's budget over all nodes is
 * {@link RedisUserBudget}.
 */
@Singleton
@Typed(RedisNames.class)
public class RedisNames implements Names {

    private static final Logger LOG = Logger.getLogger(RedisNames.class);

    private final StateConnection state;
    private final String node;
    private final long claimTtlMillis;
    private final int maxConnectionsPerUser;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held> held = new HashMap<>();
    /** The presence epoch; part of the holder under which this node counts. */
    private long epoch;

    @Inject
    public RedisNames(StateConnection state, ClusterNode node, ChatConfig config) {
        this(state, node.id(), config.identity().claimTtl(), config.limits().maxConnectionsPerUser());
    }

    public RedisNames(StateConnection state, String nodeId, Duration claimTtl, int maxConnectionsPerUser) {
        this.state = state;
        this.node = nodeId;
        this.claimTtlMillis = claimTtl.toMillis();
        this.maxConnectionsPerUser = maxConnectionsPerUser;
    }

    @Override
    public CompletionStage<Admitted> admitWithKey(String name, String key) {
        boolean presented = Keys.isWellFormed(key);
        String heldBy = presented ? key : Keys.newKey(random);
        String hash = HexFormat.of().formatHex(Keys.hash(heldBy));
        return admit(name, hash, NameScripts.ADMIT_WITH_KEY, holder -> List.of(hash, presented ? hash : "", holder,
                String.valueOf(maxConnectionsPerUser), String.valueOf(claimTtlMillis), name))
                .thenApply(code -> new Admitted(heldBy, new AtomicLong(System.nanoTime())));
    }

    @Override
    public CompletionStage<Admitted> admitProven(String name) {
        return admit(name, null, NameScripts.ADMIT_PROVEN,
                holder -> List.of(holder, String.valueOf(maxConnectionsPerUser), name))
                .thenApply(code -> new Admitted(null, new AtomicLong(System.nanoTime())));
    }

    @Override
    public void disconnected(String name) {
        state.inOrder(() -> {
            Held h = held.get(name);
            if (h == null || h.count == 0) {
                return;
            }
            h.count--;
            if (state.isUp()) {
                state.eval(NameScripts.DISCONNECTED, NameScripts.holdKey(name), holder(), claimTtlMillis)
                        .exceptionally(e -> ignored("disconnect", name, e));
            }
            forgetIfIdle(name, h);
        });
    }

    @Override
    public CompletionStage<Boolean> claim(String name) {
        return state.eval(NameScripts.CLAIM, NameScripts.holdKey(name), name).thenApply(r -> r.toInteger() == 1);
    }

    @Override
    public CompletionStage<Void> release(String name) {
        return state.eval(NameScripts.RELEASE, NameScripts.holdKey(name), name).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Boolean> isClaimed(String name) {
        return state.eval(NameScripts.CLAIMED, NameScripts.holdKey(name), name, claimTtlMillis)
                .thenApply(r -> r.toInteger() == 1);
    }

    @Override
    public CompletionStage<String> endClaim(String name) {
        return state.eval(NameScripts.END_CLAIM, NameScripts.holdKey(name), claimTtlMillis)
                .thenApply(r -> r == null ? null : r.toString().isEmpty() ? name : r.toString());
    }

    /**
     * This node rebuilds in a new epoch: for each name it holds, its count under it (the older epochs' counts are
     * dropped). Called under {@link StateConnection#inOrder}, right after the rebuild was queued.
     */
    void reassert(long newEpoch) {
        epoch = newEpoch;
        held.forEach((name, h) -> {
            if (h.count > 0) {
                assertCount(name, h);
            }
        });
    }

    /**
     * Drops the counts of pending entries {@code <holder>\n<name>}; idempotent, so that any node may do it.
     *
     * @return completes when every drop was answered
     */
    CompletionStage<Void> drop(List<String> entries) {
        List<CompletableFuture<Response>> all = new ArrayList<>(entries.size());
        for (String entry : entries) {
            int cut = entry.indexOf('\n');
            if (cut > 0) {
                all.add(state.eval(NameScripts.DROP, NameScripts.holdKey(entry.substring(cut + 1)),
                        entry.substring(0, cut), claimTtlMillis).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private interface Args {
        List<String> of(String holder);
    }

    /** @param keyHash the hash the name is held by once admitted; null when proven by tokens */
    private CompletionStage<Integer> admit(String name, String keyHash, Script script, Args args) {
        long[] sentIn = new long[1];
        CompletionStage<Response> reply = state.inOrder(() -> {
            if (!state.isUp()) {
                return null;
            }
            held.computeIfAbsent(name, n -> new Held()).inFlight++;
            sentIn[0] = epoch;
            index("+", name);
            return state.eval(script, NameScripts.holdKey(name), args.of(holder()));
        });
        if (reply == null) {
            return Unavailable.failed("no connection to Redis");
        }
        return reply.handle((r, failure) -> state.inOrder(() -> {
            Held h = held.get(name); // counted in flight above, so still there
            h.inFlight--;
            int code = failure == null ? r.toInteger() : 0;
            if (code > 0) {
                h.count++;
                h.keyHash = keyHash;
            }
            if (failure != null || code > 0 && sentIn[0] != epoch) {
                // Unanswered (Redis may have counted it or not), or counted under the epoch a rebuild since
                // dropped: say the count this node holds, after whatever that command did.
                assertCount(name, h);
            }
            forgetIfIdle(name, h);
            return failure != null ? CompletableFuture.<Integer>failedFuture(Unavailable.cause(failure))
                    : outcome(name, code);
        })).thenCompose(stage -> stage);
    }

    private CompletionStage<Integer> outcome(String name, int code) {
        return switch (code) {
            // One wording whether the name is in use or claimed: the answer says nothing about an offline holder.
            case -1, -2 -> CompletableFuture.failedFuture(new ProtocolException(ErrorCode.NAME_TAKEN,
                    "the name '" + name + "' is taken"));
            case -3 -> CompletableFuture.failedFuture(new ProtocolException(ErrorCode.TOO_MANY_CONNECTIONS, "'" + name
                    + "' has " + maxConnectionsPerUser + " connections open, the most one name may have"));
            default -> CompletableFuture.completedFuture(code);
        };
    }

    /** Under the order lock. */
    private void assertCount(String name, Held h) {
        if (!state.isUp()) {
            return; // the rebuild after the reconnection asserts it
        }
        index("+", name);
        state.eval(NameScripts.ASSERT, NameScripts.holdKey(name), holder(), h.count,
                h.keyHash == null ? "" : h.keyHash, "c:" + node + "~", claimTtlMillis, epoch, name).whenComplete((r, e) -> {
                    if (e != null) {
                        ignored("assert", name, e);
                    } else if (r.toInteger() == 1) {
                        LOG.warnf("'%s' is held by another key on some node while this one has %d connections under it",
                                name, h.count);
                    }
                });
    }

    /** Under the order lock. */
    private void forgetIfIdle(String name, Held h) {
        if (h.count == 0 && h.inFlight == 0) {
            held.remove(name);
            if (state.isUp()) {
                index("-", name);
            }
        }
    }

    /** @param op {@code +} before the holder's first count of the name, {@code -} after its last */
    private void index(String op, String name) {
        state.eval(PresenceScripts.INDEX, PresenceScripts.PREFIX, node, holder(), holder() + "\n" + name, op)
                .exceptionally(e -> ignored("index", name, e));
    }

    private String holder() {
        return node + "~" + epoch;
    }

    private static Response ignored(String what, String name, Throwable e) {
        LOG.debugf("%s of '%s' not written (%s); the next rebuild writes it", what, name, e.getMessage());
        return null;
    }

    /** This node's connections under one name. */
    private static final class Held {
        int count;
        int inFlight;
        /** Hex SHA-256 of the key; null when proven by tokens. */
        String keyHash;
    }
}
