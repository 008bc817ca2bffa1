package io.chatservice.cluster.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.core.Presence;
import io.chatservice.core.Scope;
import io.chatservice.core.Stages;
import io.chatservice.config.ChatConfig;
import io.chatservice.core.StreamKey;
import io.vertx.core.Vertx;

/**
 * {@code chat.history.empty-room-grace} with {@code chat.broker=redis}: when a room's last member on this node has
 * left, and a moment later (once the leave is in presence) nobody is in it on any node, its stream and meta are set to
 * expire after the grace ({@code PEXPIRE ... LT}: never later than they would anyway). A message resets them to the
 * ttl, as it always does; a first member on a node gives them the ttl back ({@code PEXPIRE ... GT}), so that a room
 * someone sits in quietly keeps its history. Redis does the freeing itself, with no sweep, and each command stays in
 * the stream's slot of a Redis Cluster. A command that fails only leaves the history to its ttl.
 */
@Singleton
@Typed(RedisEmptyRooms.class)
public class RedisEmptyRooms {

    private static final Logger LOG = Logger.getLogger(RedisEmptyRooms.class);
    /** How long after the local leave presence is asked: the leave is written there right after the unfollow. */
    static final long CHECK_AFTER_MS = 2000;

    private final Vertx vertx;
    private final StateConnection state;
    private final long graceMillis;
    private final long ttlMillis;
    private final Function<String, CompletionStage<Boolean>> occupied;
    private final long checkAfterMillis;

    @Inject
    public RedisEmptyRooms(Vertx vertx, StateConnection state, ChatConfig config, Instance<Presence> presence) {
        // Presence is looked up when first needed: the Redis presence itself depends on the delivery that calls here.
        this(vertx, state, config.history().emptyRoomGrace(), config.history().ttl(),
                room -> presence.get().count(Scope.room(room)).thenApply(count -> count > 0),
                CHECK_AFTER_MS);
    }

    /**
     * @param grace 0: rooms are kept until the ttl, and this does nothing
     * @param occupied whether anyone is in the room on any node
     */
    RedisEmptyRooms(Vertx vertx, StateConnection state, Duration grace, Duration ttl,
            Function<String, CompletionStage<Boolean>> occupied, long checkAfterMillis) {
        this.vertx = vertx;
        this.state = state;
        this.graceMillis = grace.toMillis();
        this.ttlMillis = Math.max(1, ttl.toMillis());
        this.occupied = occupied;
        this.checkAfterMillis = checkAfterMillis;
    }

    /** This node's last member of the room left. */
    void emptiedHere(String room) {
        if (graceMillis <= 0) {
            return;
        }
        if (checkAfterMillis <= 0) {
            idleIfEmpty(room);
        } else {
            vertx.setTimer(checkAfterMillis, id -> idleIfEmpty(room));
        }
    }

    /** The room has a first member on this node again. */
    void filledHere(String room) {
        if (graceMillis > 0) {
            expire(room, ttlMillis, "GT");
        }
    }

    private void idleIfEmpty(String room) {
        occupied.apply(room).thenCompose(busy -> busy ? Stages.DONE : expire(room, graceMillis, "LT"))
                .exceptionally(failure -> {
                    LOG.debugf("could not check whether room %s is empty: %s", room, failure.getMessage());
                    return null;
                });
    }

    private CompletionStage<Void> expire(String room, long millis, String when) {
        return state.eval(HistoryScripts.EXPIRE, HistoryScripts.prefix(StreamKey.room(room)), List.of(
                String.valueOf(millis), when)).handle((reply, failure) -> {
                    if (failure != null) {
                        LOG.debugf("could not set the expiry of room %s: %s", room, failure.getMessage());
                    }
                    return null;
                });
    }
}
