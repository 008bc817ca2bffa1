package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.chatservice.cluster.ClusterNode;
import io.chatservice.cluster.Departures;
import io.chatservice.core.Presence;
import io.chatservice.core.ChatEvents;
import io.chatservice.core.Route;
import io.chatservice.core.Scope;
import io.chatservice.core.Presence;
import io.chatservice.core.Route;
import io.chatservice.core.Scope;
import io.chatservice.config.ChatConfig;
import io.chatservice.core.Delivery;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.MemberPage;
import io.chatservice.core.RoomPresence;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPage;
import io.chatservice.core.RoomsPage;
import io.chatservice.core.UserPresence;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Presence over the cluster ({@code chat.broker=redis}), kept in Redis by {@link PresenceScripts} (the layout is
 * there). Every presence key shares the hash tag {@code {presence}}, so that one script changes a node's entries,
 * the counts over the cluster, the room index and the live nodes at once, on Redis Cluster too; that puts presence
 * on one shard, which is fine, as messages go through pub/sub and never through these keys.
 * <p>
 * The node keeps in memory what it told Redis ({@link NodeEntries}). Whenever its state link comes back, or the
 * heartbeat (or a write) finds it unknown to Redis, it replaces its entries in Redis with that memory in one script,
 * without join notices, in a new epoch; users it no longer has and no node has hear their leave. A write that found
 * the node unknown did nothing, and is answered from the counts after the rebuild. A write that fails (link down,
 * timeout) still counts in memory, so the caller must report the matching {@code left}/{@code disconnected} as usual.
 * <p>
 * Starts with the bean (the state link, the heartbeat and the reaper); a clean shutdown removes all of the node's
 * entries at once and publishes the leaves that means, after the drain.
 */
@Singleton
@Typed(RedisPresence.class)
public class RedisPresence implements Presence {

    private static final Logger LOG = Logger.getLogger(RedisPresence.class);
    private static final String P = PresenceScripts.PREFIX;

    private final StateConnection state;
    private final RedisNames names;
    private final String node;
    private final Departures departures;
    private final ChatEvents events;
    private final Liveness liveness;
    private final NodeEntries local = new NodeEntries();
    /** Under the order lock: the rebuild queued and not answered yet, so that a burst of "unknown" queues one. */
    private CompletionStage<Response> pendingRebuild;
    /**
     * Under the order lock: raised by each rebuild, carried by each write, which Redis ignores unless it is the
     * node's epoch there. Starts from the clock, so that a restarted node with a fixed id continues above its last.
     */
    private long epoch = System.currentTimeMillis() * 1000;
    private volatile boolean stopped;
    private boolean started;

    @Inject
    public RedisPresence(StateConnection state, RedisNames names, Delivery delivery, Frames frames, ClusterNode node,
            ChatConfig config, ChatEvents events) {
        this(state, names, delivery, frames, node.id(), config.cluster().nodeTimeout(), config.presence().isPublic(),
                events);
    }

    public RedisPresence(StateConnection state, RedisNames names, Delivery delivery, Frames frames, String nodeId,
            Duration nodeTimeout) {
        this(state, names, delivery, frames, nodeId, nodeTimeout, true, ChatEvents.NONE);
    }

    /** @param presencePublic {@code chat.presence.public}: whether the private channel hears who left it */
    public RedisPresence(StateConnection state, RedisNames names, Delivery delivery, Frames frames, String nodeId,
            Duration nodeTimeout, boolean presencePublic) {
        this(state, names, delivery, frames, nodeId, nodeTimeout, presencePublic, ChatEvents.NONE);
    }

    /** @param events told of what the scripts decide for the cluster: first and last of a user, of a room */
    public RedisPresence(StateConnection state, RedisNames names, Delivery delivery, Frames frames, String nodeId,
            Duration nodeTimeout, boolean presencePublic, ChatEvents events) {
        this.state = state;
        this.names = names;
        this.node = nodeId;
        this.events = events;
        this.departures = new Departures(delivery, frames, presencePublic, events);
        this.liveness = new Liveness(state, nodeId, nodeTimeout, this::requestRebuild, departures, names,
                () -> state.inOrder(() -> epoch));
    }

    @PostConstruct
    void init() {
        start();
    }

    /** Connects the state link, registers this node at once it is up, and starts the heartbeat and the reaper. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        state.start();
        state.onConnected(this::rebuild);
        liveness.start();
    }

    /** After {@code Drain} (which observes at the default priority); a Redis message link must close after this. */
    void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) @Priority(Interceptor.Priority.APPLICATION + 600)
    ShutdownEvent event) {
        try {
            stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("clean stop incomplete (%s): other nodes reap this one within the node timeout", e.getMessage());
        }
    }

    /**
     * Removes all of this node's entries and name counts at once and publishes the leaves that means; then closes the
     * state link. Later calls fail with {@code UNAVAILABLE}.
     */
    public CompletionStage<Void> stop() {
        CompletionStage<Response> removed = state.inOrder(() -> {
            if (stopped) {
                return Unavailable.<Response>failed("stopped");
            }
            stopped = true;
            liveness.stop();
            return state.eval(PresenceScripts.STOP, P, node);
        });
        return removed.thenCompose(r -> {
            departures.vacated(ScriptReplies.strings(r.get(2)));
            return departures.announce(ScriptReplies.departures(r.get(0)))
                    .thenCompose(v -> liveness.finishDrops(ScriptReplies.strings(r.get(1))));
        }).whenComplete((v, e) -> state.close());
    }

    /** Dies as {@code kill -9} would, for tests: no heartbeat, no reap, no goodbye; the state link closes. */
    void halt() {
        stopped = true;
        liveness.stop();
        state.close();
    }

    @Override
    public CompletionStage<Boolean> entered(Scope scope, String user) {
        String tag = PresenceScripts.tag(scope);
        return state.inOrder(() -> {
            local.enter(tag, user);
            return write(PresenceScripts.ENTER, tag, user, PresenceScripts.form(tag, user));
        }).thenApply(code -> {
            if (code == 2) {
                events.occupied(scope.room());
            }
            return code;
        }).thenCompose(code -> code >= 0 ? CompletableFuture.completedFuture(code >= 1)
                : afterRebuild(scope, user).thenApply(count -> count == 1)).thenApply(first -> {
                    // The script decided it once for the cluster: only this node is told that it was the first.
                    if (scope.isPrivateChannel() && first) {
                        events.online(user);
                    }
                    return first;
                });
    }

    @Override
    public CompletionStage<Boolean> left(Scope scope, String user) {
        String tag = PresenceScripts.tag(scope);
        return state.inOrder(() -> {
            local.leave(tag, user);
            return write(PresenceScripts.LEAVE, tag, user);
        }).thenApply(code -> {
            if (code == 2) {
                events.vacated(scope.room());
            }
            return code;
        }).thenCompose(code -> code >= 0 ? CompletableFuture.completedFuture(code >= 1)
                : afterRebuild(scope, user).thenApply(count -> count == 0)).thenApply(last -> {
                    if (scope.isPrivateChannel() && last) {
                        events.offline(user);
                    }
                    return last;
                });
    }

    @Override
    public void connected(String user) {
        count(user, 1);
    }

    @Override
    public void disconnected(String user) {
        count(user, -1);
    }

    @Override
    public CompletionStage<MemberPage> members(Scope scope, String after, int limit) {
        if (scope.isPrivateChannel()) {
            throw new IllegalArgumentException("the private channel's members are asked by name: privateOnline");
        }
        return state.eval(PresenceScripts.MEMBERS, P, PresenceScripts.tag(scope), after == null ? "" : after, limit + 1)
                .thenApply(r -> MemberPage.of(r.get(0).toInteger(), ScriptReplies.strings(r.get(1)), limit));
    }

    @Override
    public CompletionStage<Integer> count(Scope scope) {
        return state.send(Request.cmd(Command.HLEN).arg(PresenceScripts.scopeKey(scope))).thenApply(Response::toInteger);
    }

    @Override
    public CompletionStage<Route> route(String from, String to) {
        return state.eval(PresenceScripts.ROUTE, P, from, to, liveness.deadAfterMillis()).thenApply(r -> new Route(
                new LinkedHashSet<>(ScriptReplies.strings(r.get(0))),
                new LinkedHashSet<>(ScriptReplies.strings(r.get(1)))));
    }

    @Override
    public CompletionStage<List<String>> privateOnline(Collection<String> forms) {
        if (forms.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Request read = Request.cmd(Command.HMGET).arg(P + "pforms");
        forms.forEach(read::arg);
        return state.send(read).thenApply(r -> {
            List<String> online = new ArrayList<>();
            for (Response user : r) {
                if (user != null) {
                    online.add(user.toString());
                }
            }
            return online;
        });
    }

    /** One more than the page, to tell whether there are more: a range of the index, in its order. */
    @Override
    public CompletionStage<UserPage> onlineUsers(UserLookup lookup) {
        // Bytes compare as code points in UTF-8: U+10FFFF, which no name holds, is above every character one may.
        String to = lookup.to("\uDBFF\uDFFF");
        return state.eval(PresenceScripts.LOOKUP, P, "[" + lookup.from(), to == null ? "+" : "(" + to,
                lookup.limit() + 1).thenApply(r -> {
                    List<UserPresence> users = new ArrayList<>(Math.min(lookup.limit(), r.size() / 2));
                    for (int i = 0; i + 1 < r.size() && users.size() < lookup.limit(); i += 2) {
                        users.add(new UserPresence(r.get(i).toString(), r.get(i + 1).toInteger()));
                    }
                    return new UserPage(users, r.size() / 2 > lookup.limit() ? users.get(users.size() - 1).name()
                            : null);
                });
    }

    @Override
    public CompletionStage<RoomsPage> rooms(String after, int limit, int membersMax) {
        return state.eval(PresenceScripts.ROOMS, P, after == null ? "" : after, limit + 1, membersMax).thenApply(r -> {
            List<RoomPresence> rooms = new ArrayList<>(r.size());
            for (Response room : r) {
                rooms.add(new RoomPresence(room.get(0).toString(), room.get(1).toInteger(),
                        ScriptReplies.strings(room.get(2))));
            }
            return RoomsPage.of(rooms, limit);
        });
    }

    @Override
    public CompletionStage<Optional<RoomPresence>> room(String name, int membersMax) {
        return state.eval(PresenceScripts.MEMBERS, P, PresenceScripts.tag(Scope.room(name)), "", membersMax)
                .thenApply(r -> r.get(0).toInteger() == 0 ? Optional.empty()
                        : Optional.of(new RoomPresence(name, r.get(0).toInteger(),
                                ScriptReplies.strings(r.get(1)))));
    }

    /** Under the order lock. */
    private CompletionStage<Long> write(Script script, String tag, String user) {
        if (stopped) {
            return Unavailable.failed("stopped");
        }
        return state.eval(script, P, node, epoch, tag, user).thenApply(Response::toLong);
    }

    /** Under the order lock. */
    private CompletionStage<Long> write(Script script, String tag, String user, String form) {
        if (stopped) {
            return Unavailable.failed("stopped");
        }
        return state.eval(script, P, node, epoch, tag, user, form).thenApply(Response::toLong);
    }

    private void count(String user, int delta) {
        state.inOrder(() -> {
            int now = local.connected(user, delta);
            if (!stopped && state.isUp()) {
                state.eval(PresenceScripts.CONNECTIONS, P, node, epoch, user, now, UserLookup.key(user))
                        .whenComplete((r, e) -> {
                    if (r != null && r.toInteger() == -1) {
                        requestRebuild();
                    }
                });
            }
        });
    }

    /**
     * The node was unknown to Redis when a write arrived, so the write did nothing: after the rebuild (which has it,
     * as the memory was changed first), reads how many nodes have the user in the scope.
     */
    private CompletionStage<Long> afterRebuild(Scope scope, String user) {
        return state.inOrder(() -> {
            requestRebuild();
            return state.send(Request.cmd(Command.HGET).arg(PresenceScripts.scopeKey(scope)).arg(user));
        }).thenApply(r -> r == null ? 0L : r.toLong());
    }

    private void requestRebuild() {
        state.inOrder(() -> {
            if (pendingRebuild == null) {
                rebuild();
            }
        });
    }

    /** Under the order lock: on every (re)connection, and when this node is unknown to Redis. */
    private void rebuild() {
        if (stopped || !state.isUp()) {
            return;
        }
        epoch++;
        CompletionStage<Response> rebuilt = state.eval(PresenceScripts.REBUILD, P, local.rebuildArgs(node, epoch));
        pendingRebuild = rebuilt;
        names.reassert(epoch);
        rebuilt.whenComplete((r, e) -> {
            state.inOrder(() -> {
                if (pendingRebuild == rebuilt) {
                    pendingRebuild = null;
                }
            });
            if (e != null) {
                LOG.debugf("rebuild failed (%s); retrying after a heartbeat period", e.getMessage());
                state.vertx().setTimer(liveness.periodMillis(), id -> requestRebuild());
            } else {
                departures.announce(ScriptReplies.departures(r.get(0)));
                departures.vacated(ScriptReplies.strings(r.get(1)));
            }
        });
    }
}
