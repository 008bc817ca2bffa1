package io.chatservice.cluster.redis;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.chatservice.delivery.Envelope;
import io.chatservice.delivery.Target;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.history.StreamKey;

/**
 * Hands this node's fan-out each followed room's kept messages in offset order, each once, and fills in what
 * pub/sub lost: it is at most once, and a subscriber connection that Redis dropped misses what was published
 * meanwhile. Redis sends one connection the messages of one stream in the order the history script ran, which is
 * offset order, so a message more than one past the last one received means the ones between were lost for good:
 * they are read from the stream (strictly between the two) and delivered first, and the room's later messages wait
 * until they are. After the subscriber connection is back, each followed room is read from its last offset on.
 * A new epoch, or a room's first message, starts afresh; what is older than the stream's history cannot come back.
 * <p>
 * Where a room starts: its position is read once its channel is subscribed, so that a message lost before any
 * other arrived is noticed too. That read may count messages still on their way to this node; until one past it
 * arrives, those are delivered and not taken for repeats.
 * <p>
 * Private conversations are not repaired: a node sees a conversation's messages only while one of its users is
 * connected there, so it has no position to repair from; a user's client recovers on its next connection.
 * <p>
 * All state lives on the subscriber's event loop, where every message arrives; reads answer on the state link's
 * loop and come back here.
 */
final class GapRepair {

    private static final Logger LOG = Logger.getLogger(GapRepair.class);

    private final Executor loop;
    private final RedisHistory history;
    private final Consumer<Envelope> local;
    private final BrokerMetrics metrics;
    private final Map<String, Track> rooms = new HashMap<>();

    /** Where this node is in one followed room's stream. */
    private static final class Track {
        /** Null until the first message or the first read: then the next message starts afresh. */
        String epoch;
        long last;
        /** {@code last} came from a read, not from a message: messages up to it may still be on their way. */
        boolean tentative;
        boolean repairing;
        /** The subscriber came back during a repair: read everything after it, once it is done. */
        boolean recheck;
        ArrayDeque<Arrival> held = new ArrayDeque<>();
    }

    private record Arrival(String room, String epoch, Envelope envelope) {
    }

    /**
     * @param loop the subscriber's event loop
     * @param local this node's fan-out
     */
    GapRepair(Executor loop, RedisHistory history, Consumer<Envelope> local, BrokerMetrics metrics) {
        this.loop = loop;
        this.history = history;
        this.local = local;
        this.metrics = metrics;
    }

    /** This node has its first member in the room. From any thread. */
    void follow(String room) {
        loop.execute(() -> rooms.putIfAbsent(room, new Track()));
    }

    /** The room's channel is subscribed: where the stream is now, unless a message said so first. From any thread. */
    void subscribed(String room) {
        loop.execute(() -> {
            Track track = rooms.get(room);
            if (track != null && track.epoch == null && !track.repairing) {
                seed(room, track);
            }
        });
    }

    /** The room's last member here left. From any thread. */
    void forget(String room) {
        loop.execute(() -> rooms.remove(room));
    }

    /** A kept room message from Redis; on the loop. */
    void received(String room, String epoch, Envelope envelope) {
        arrived(new Arrival(room, epoch, envelope));
    }

    /** The subscriber connection is back, with every channel subscribed again; on the loop. */
    void resubscribed() {
        rooms.forEach((room, track) -> {
            if (track.repairing) {
                track.recheck = true;
            } else if (track.epoch == null) {
                seed(room, track);
            } else {
                repair(room, track, 0);
            }
        });
    }

    private void arrived(Arrival arrival) {
        Track track = rooms.get(arrival.room);
        Envelope envelope = arrival.envelope;
        if (track == null) {
            local.accept(envelope); // not followed (any more): its members, if any, are not tracked
            return;
        }
        if (track.repairing) {
            track.held.addLast(arrival);
            return;
        }
        long offset = envelope.offset();
        if (track.epoch == null || !track.epoch.equals(arrival.epoch)) {
            track.epoch = arrival.epoch;
        } else if (offset <= track.last) {
            if (track.tentative) {
                local.accept(envelope); // counted by the read, and was on its way
            }
            return; // else delivered already, by a repair
        } else if (offset > track.last + 1) {
            track.held.addLast(arrival);
            repair(arrival.room, track, offset);
            return;
        }
        track.last = offset;
        track.tentative = false;
        local.accept(envelope);
    }

    /** Reads what lies after the track's last offset and before {@code to} (0: all), holding back the rest. */
    private void repair(String room, Track track, long to) {
        track.repairing = true;
        long from = track.last;
        history.between(StreamKey.room(room), from, to)
                .whenComplete((page, error) -> loop.execute(() -> repaired(room, track, to, page, error)));
    }

    private void repaired(String room, Track track, long to, Page page, Throwable error) {
        track.repairing = false;
        if (error != null) {
            // Not retried: a gap is given up below, and after a resubscription the next gap reads again.
            LOG.debugf("could not repair room %s: %s", room, Unavailable.cause(error).getMessage());
        } else if (page.exists() && page.epoch().equals(track.epoch)) {
            for (Kept kept : page.messages()) {
                if (kept.offset() > track.last && (to <= 0 || kept.offset() < to)) {
                    track.last = kept.offset();
                    track.tentative = false;
                    metrics.repaired();
                    local.accept(new Envelope(Target.room(room), kept.frame(), System.nanoTime(), null,
                            StreamKey.room(room), kept.offset()));
                }
            }
        } else {
            track.epoch = null; // the history was lost meanwhile: the next message starts afresh
        }
        if (to > 0) {
            track.last = Math.max(track.last, to - 1); // what could not be read is lost for good
        }
        if (rooms.get(room) == track && track.recheck && track.epoch != null) {
            track.recheck = false;
            repair(room, track, 0);
            return;
        }
        track.recheck = false;
        ArrayDeque<Arrival> waiting = track.held;
        track.held = new ArrayDeque<>();
        waiting.forEach(this::arrived);
    }

    private void seed(String room, Track track) {
        history.latest(StreamKey.room(room), 0).whenComplete((page, error) -> loop.execute(() -> {
            if (error == null && page.exists() && rooms.get(room) == track && track.epoch == null
                    && !track.repairing) {
                track.epoch = page.epoch();
                track.last = page.latest();
                track.tentative = true;
            }
        }));
    }
}
