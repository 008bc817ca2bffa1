package io.chatservice.cluster;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;
import io.chatservice.core.StreamKey;

/**
 * Hands this node's fan-out the kept messages of each followed room and of each private conversation with a user
 * here, in offset order, each once, and fills in what the broker's transport lost: a publish/subscribe transport is
 * at most once, and a subscriber connection the broker dropped misses what was published meanwhile. The transport
 * must bring one stream's messages in offset order (Redis sends one connection the messages of one stream in the
 * order the history script ran, which is offset order), so a message more than one past the last one received
 * means the ones between were lost for good: they are read from the stream (strictly between the two) and delivered
 * first, and the stream's later messages wait until they are. After the subscriber connection is back, each tracked
 * stream is read from its last offset on. A new epoch, or a stream's first message, starts afresh; what is older
 * than the stream's history cannot come back.
 * <p>
 * Where a room starts: its position is read once its channel is subscribed, so that a message lost before any
 * other arrived is noticed too. That read may count messages still on their way to this node; until one past it
 * arrives, those are delivered and not taken for repeats.
 * <p>
 * Where a conversation starts: at its first message to reach this node while one of its users has a private
 * connection here. A node receives a conversation's messages only while one of its users is here (a message is
 * routed to its users' nodes), so a conversation is tracked only as long as one of them stays: once neither has a
 * connection here, its messages stop coming by right, a gap would be no loss, and the track is dropped. A message
 * lost before the first one arrived is not noticed; the user's client recovers it from the conversation's history.
 * <p>
 * All state lives on the subscriber's event loop, where every message arrives; reads answer on the state link's
 * loop and come back here.
 */
public final class GapRepair {

    private static final Logger LOG = Logger.getLogger(GapRepair.class);

    private final Executor loop;
    private final RepairReads history;
    private final Consumer<Envelope> local;
    private final Runnable repaired;
    private final Map<StreamKey, Track> streams = new HashMap<>();
    /**
     * Private connections per user here, as counted by first-joined and last-left calls: those of one user may come
     * swapped from two event loops, and the count still ends where the connections are.
     */
    private final Map<String, Integer> here = new HashMap<>();
    /** The tracked conversations of each user. */
    private final Map<String, Set<StreamKey>> conversations = new HashMap<>();

    /** Where this node is in one tracked stream. */
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

    private record Arrival(String epoch, Envelope envelope) {
    }

    /**
     * @param loop the subscriber's event loop
     * @param local this node's fan-out
     * @param repaired told of each message read back
     */
    public GapRepair(Executor loop, RepairReads history, Consumer<Envelope> local, Runnable repaired) {
        this.loop = loop;
        this.history = history;
        this.local = local;
        this.repaired = repaired;
    }

    /** Whether a kept message is one this class orders and repairs: a room's, or a conversation's to both users. */
    public static boolean tracks(Envelope envelope) {
        StreamKey stream = envelope.stream();
        if (stream == null) {
            return false;
        }
        // A message kept for an offline addressee also goes live to the user alone: outside its conversation's route.
        return stream.isRoom() || envelope.target() instanceof Target.Conversation
                || stream.first().equals(stream.second());
    }

    /** This node has its first member in the room. From any thread. */
    public void follow(String room) {
        loop.execute(() -> streams.putIfAbsent(StreamKey.room(room), new Track()));
    }

    /** The room's channel is subscribed: where the stream is now, unless a message said so first. From any thread. */
    public void subscribed(String room) {
        loop.execute(() -> {
            StreamKey key = StreamKey.room(room);
            Track track = streams.get(key);
            if (track != null && track.epoch == null && !track.repairing) {
                seed(key, track);
            }
        });
    }

    /** The room's last member here left. From any thread. */
    public void forget(String room) {
        loop.execute(() -> streams.remove(StreamKey.room(room)));
    }

    /** The user's first private connection here opened. From any thread. */
    public void joined(String user) {
        loop.execute(() -> here.merge(user, 1, Integer::sum));
    }

    /**
     * The user's last private connection here closed: their conversations whose other user has no connection here
     * either are no longer tracked. From any thread.
     */
    public void left(String user) {
        loop.execute(() -> {
            int count = here.merge(user, -1, Integer::sum);
            if (count > 0) {
                return;
            }
            if (count == 0) {
                here.remove(user);
            }
            Set<StreamKey> tracked = conversations.get(user);
            if (tracked == null) {
                return;
            }
            for (Iterator<StreamKey> it = tracked.iterator(); it.hasNext();) {
                StreamKey key = it.next();
                String other = key.other(user);
                if (other.equals(user) || !isHere(other)) {
                    it.remove();
                    streams.remove(key);
                    untrack(other, key);
                }
            }
            if (tracked.isEmpty()) {
                conversations.remove(user);
            }
        });
    }

    /** A kept message from Redis that {@link #tracks} says this class handles; on the loop. */
    public void received(String epoch, Envelope envelope) {
        arrived(new Arrival(epoch, envelope));
    }

    /** The subscriber connection is back, with every channel subscribed again; on the loop. */
    public void resubscribed() {
        streams.forEach((key, track) -> {
            if (track.repairing) {
                track.recheck = true;
            } else if (track.epoch == null) {
                if (key.isRoom()) {
                    seed(key, track);
                }
            } else {
                repair(key, track, 0);
            }
        });
    }

    private boolean isHere(String user) {
        Integer count = here.get(user);
        return count != null && count > 0;
    }

    private void untrack(String user, StreamKey key) {
        Set<StreamKey> tracked = conversations.get(user);
        if (tracked != null && tracked.remove(key) && tracked.isEmpty()) {
            conversations.remove(user);
        }
    }

    /** The stream's track, or null; a conversation with a user here gets one at its first message. */
    private Track trackOf(StreamKey key) {
        Track track = streams.get(key);
        if (track != null || key.isRoom() || !(isHere(key.first()) || isHere(key.second()))) {
            return track;
        }
        track = new Track();
        streams.put(key, track);
        conversations.computeIfAbsent(key.first(), user -> new HashSet<>()).add(key);
        conversations.computeIfAbsent(key.second(), user -> new HashSet<>()).add(key);
        return track;
    }

    private void arrived(Arrival arrival) {
        Envelope envelope = arrival.envelope;
        StreamKey key = envelope.stream();
        Track track = trackOf(key);
        if (track == null) {
            local.accept(envelope); // not followed (any more), nobody of it here: its recipients, if any, are not tracked
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
            repair(key, track, offset);
            return;
        }
        track.last = offset;
        track.tentative = false;
        local.accept(envelope);
    }

    /** Reads what lies after the track's last offset and before {@code to} (0: all), holding back the rest. */
    private void repair(StreamKey key, Track track, long to) {
        track.repairing = true;
        long from = track.last;
        history.between(key, from, to)
                .whenComplete((page, error) -> loop.execute(() -> repaired(key, track, to, page, error)));
    }

    private void repaired(StreamKey key, Track track, long to, Page page, Throwable error) {
        track.repairing = false;
        if (error != null) {
            // Not retried: a gap is given up below, and after a resubscription the next gap reads again.
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            LOG.debugf("could not repair %s: %s", key.id(), cause.getMessage());
        } else if (page.exists() && page.epoch().equals(track.epoch)) {
            Target target = key.isRoom() ? Target.room(key.room()) : Target.conversation(key.first(), key.second());
            for (Kept kept : page.messages()) {
                if (kept.offset() > track.last && (to <= 0 || kept.offset() < to)) {
                    track.last = kept.offset();
                    track.tentative = false;
                    repaired.run();
                    local.accept(new Envelope(target, kept.frame(), System.nanoTime(), null, key, kept.offset()));
                }
            }
        } else {
            track.epoch = null; // the history was lost meanwhile: the next message starts afresh
        }
        if (to > 0) {
            track.last = Math.max(track.last, to - 1); // what could not be read is lost for good
        }
        if (streams.get(key) == track && track.recheck && track.epoch != null) {
            track.recheck = false;
            repair(key, track, 0);
            return;
        }
        track.recheck = false;
        ArrayDeque<Arrival> waiting = track.held;
        track.held = new ArrayDeque<>();
        waiting.forEach(this::arrived);
    }

    private void seed(StreamKey key, Track track) {
        history.latest(key, 0).whenComplete((page, error) -> loop.execute(() -> {
            if (error == null && page.exists() && streams.get(key) == track && track.epoch == null
                    && !track.repairing) {
                track.epoch = page.epoch();
                track.last = page.latest();
                track.tentative = true;
            }
        }));
    }
}
