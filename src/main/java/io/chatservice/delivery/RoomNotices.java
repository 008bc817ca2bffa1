package io.chatservice.delivery;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.Envelope;
import io.chatservice.core.Presence;
import io.chatservice.core.RoomChange;
import io.chatservice.core.Scope;
import io.chatservice.core.Target;
import io.chatservice.protocol.Frames;
import io.chatservice.registry.ConnectionRegistry;
import io.vertx.core.Vertx;

/**
 * Tells this node's members of a room who came and went, at most once per {@code chat.presence.notify-interval}:
 * the comings and goings of every node ({@link Target.RoomChange} envelopes, this node's own and those Redis brings)
 * are gathered per room. The first change after a quiet interval goes at once; what follows within the interval goes
 * in one frame at its end, and so on while changes keep coming. So a reconnect storm of n users costs each member a
 * frame per interval, not n.
 * <p>
 * A room has a state, and a Vert.x timer, only from a notice until an interval passes without changes; a room with
 * no member on this node has none. The count comes from {@link Presence#count} once per notice, not per change:
 * this node's registry with the memory broker, the cluster's count with Redis.
 */
@ApplicationScoped
public class RoomNotices {

    private static final Logger LOG = Logger.getLogger(RoomNotices.class);

    private final Vertx vertx;
    private final ConnectionRegistry registry;
    private final LocalFanout fanout;
    private final Instance<Presence> presence;
    private final NoticeFrames notices;
    private final long intervalMillis;
    /** Rooms told of a change within the last interval. Changed only inside {@code compute} for the room. */
    private final ConcurrentHashMap<String, Gathering> rooms = new ConcurrentHashMap<>();

    @Inject
    public RoomNotices(Vertx vertx, ConnectionRegistry registry, LocalFanout fanout, Instance<Presence> presence,
            Frames frames, ChatConfig config) {
        // Presence is looked up when first needed: the Redis presence depends on the delivery that calls here.
        this.vertx = vertx;
        this.registry = registry;
        this.fanout = fanout;
        this.presence = presence;
        this.notices = new NoticeFrames(frames, config.presence().listMax(), config.presence().notifyMaxMembers());
        this.intervalMillis = config.presence().notifyInterval().toMillis();
    }

    /** A change in the room ({@link RoomChange}), from any node; called on any thread, never blocks. */
    public void heard(String room, String event) {
        if (!RoomChange.isValid(event)) {
            LOG.debugf("ignored a room change that is none: %s", event);
            return;
        }
        if (!registry.hasRoom(room)) {
            return; // nobody here to tell
        }
        PendingChanges.Gathered[] now = { null };
        rooms.compute(room, (name, gathering) -> {
            Gathering g = gathering == null ? new Gathering() : gathering;
            g.pending.add(RoomChange.user(event), RoomChange.isJoin(event));
            if (gathering == null) {
                // Quiet until now: this one goes at once, and the interval starts.
                now[0] = g.pending.drain();
                if (intervalMillis <= 0) {
                    return null;
                }
                vertx.setTimer(intervalMillis, id -> intervalEnded(name));
            }
            return g;
        });
        if (now[0] != null) {
            tell(room, now[0]);
        }
    }

    /** Whether the room has a change gathered or an interval running; for tests. */
    boolean isGathering(String room) {
        return rooms.containsKey(room);
    }

    private void intervalEnded(String room) {
        PendingChanges.Gathered[] gathered = { null };
        rooms.compute(room, (name, gathering) -> {
            if (gathering == null || gathering.pending.isEmpty() || !registry.hasRoom(name)) {
                return null; // quiet for a whole interval, or nobody left here: no state, no timer
            }
            gathered[0] = gathering.pending.drain();
            vertx.setTimer(intervalMillis, id -> intervalEnded(name));
            return gathering;
        });
        if (gathered[0] != null) {
            tell(room, gathered[0]);
        }
    }

    private void tell(String room, PendingChanges.Gathered gathered) {
        CompletionStage<Integer> count = presence.get().count(Scope.room(room));
        count.handle((members, failure) -> {
            if (failure != null) {
                LOG.debugf("count of %s not read (%s): its notice goes without it", room, failure.getMessage());
            }
            String frame = notices.frame(room, gathered, failure == null ? members : null);
            if (frame != null) {
                fanout.deliver(new Envelope(Target.room(room), frame));
            }
            return null;
        });
    }

    /** A room's changes since its last notice; the room's interval is running while it exists. */
    private static final class Gathering {
        final PendingChanges pending = new PendingChanges();
    }
}
