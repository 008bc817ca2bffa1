package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import io.chatservice.cluster.Departures;

import io.vertx.redis.client.Response;

/**
 * The heartbeat and the reaper, both every fifth of {@code chat.cluster.node-timeout}. A node whose last heartbeat
 * is older than three fifths of it is dead: a killed node has missed at least two beats, and the next reap (at most
 * a fifth later) removes it, so its users are gone within four fifths of the timeout. Every live node reaps, and the
 * script is atomic, so exactly one reaper gets each dead node: it publishes the leaves and drops the dead node's name
 * counts. A heartbeat that finds this node unknown to Redis (reaped during a long pause, or Redis lost its data)
 * asks for a rebuild.
 */
final class Liveness {

    private static final Logger LOG = Logger.getLogger(Liveness.class);
    /** Dead nodes one reap removes at most, so that one script never runs long. */
    private static final int NODES_PER_REAP = 16;

    private final StateConnection state;
    private final String node;
    private final long periodMillis;
    private final long deadAfterMillis;
    private final Runnable unknown;
    private final Departures departures;
    private final RedisNames names;
    private final LongSupplier epoch;
    private volatile long timer = -1;

    Liveness(StateConnection state, String node, Duration nodeTimeout, Runnable unknown, Departures departures,
            RedisNames names, LongSupplier epoch) {
        this.state = state;
        this.node = node;
        this.periodMillis = Math.max(1, nodeTimeout.toMillis() / 5);
        this.deadAfterMillis = Math.max(1, nodeTimeout.toMillis() * 3 / 5);
        this.unknown = unknown;
        this.departures = departures;
        this.names = names;
        this.epoch = epoch;
    }

    long periodMillis() {
        return periodMillis;
    }

    long deadAfterMillis() {
        return deadAfterMillis;
    }

    void start() {
        state.context().runOnContext(v -> timer = state.vertx().setPeriodic(periodMillis, id -> {
            if (state.isUp()) {
                heartbeat();
                reap();
            }
        }));
    }

    void stop() {
        long id = timer;
        if (id >= 0) {
            state.vertx().cancelTimer(id);
        }
    }

    CompletionStage<Void> heartbeat() {
        CompletionStage<Response> beat = state.inOrder(() -> {
            long now = epoch.getAsLong(); // and queued under the same lock, so that no rebuild comes in between
            return state.eval(PresenceScripts.HEARTBEAT, PresenceScripts.PREFIX, node, now, node + "~" + now);
        });
        return beat.handle((r, e) -> {
            if (e != null) {
                LOG.debugf("heartbeat failed: %s", e.getMessage());
            } else if (r.toInteger() == 0) {
                LOG.warnf("node %s is unknown to Redis (reaped during a pause, or Redis lost its data): rebuilding",
                        node);
                unknown.run();
            }
            return null;
        });
    }

    /** Reaps dead nodes and finishes pending name drops; completes when the leaves are published and the drops done. */
    CompletionStage<Void> reap() {
        return state.eval(PresenceScripts.REAP, PresenceScripts.PREFIX, node, deadAfterMillis, NODES_PER_REAP)
                .thenCompose(r -> {
                    List<String> reaped = ScriptReplies.strings(r.get(0));
                    if (!reaped.isEmpty()) {
                        LOG.infof("reaped dead nodes %s", reaped);
                    }
                    departures.vacated(ScriptReplies.strings(r.get(3)));
                    return departures.announce(ScriptReplies.departures(r.get(1)))
                            .thenCompose(v -> finishDrops(ScriptReplies.strings(r.get(2))));
                }).exceptionally(e -> {
                    LOG.debugf("reap failed: %s", e.getMessage());
                    return null;
                });
    }

    /** @param pairs (drop set, entry) pairs */
    CompletionStage<Void> finishDrops(List<String> pairs) {
        Map<String, List<String>> bySet = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            bySet.computeIfAbsent(pairs.get(i), s -> new ArrayList<>()).add(pairs.get(i + 1));
        }
        List<CompletableFuture<Response>> done = new ArrayList<>();
        bySet.forEach((set, entries) -> done.add(names.drop(entries).thenCompose(v -> {
            List<String> args = new ArrayList<>(entries.size() + 1);
            args.add(set);
            args.addAll(entries);
            return state.eval(PresenceScripts.DROPPED, PresenceScripts.PREFIX, args);
        }).toCompletableFuture()));
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }
}
