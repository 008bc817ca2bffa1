package io.chatservice.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.chatservice.core.ChatEvents;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.RoomChange;
import io.chatservice.core.Target;
import io.chatservice.protocol.Frames;

/**
 * Tells each scope that users left it everywhere: what a reap, a rebuild or a clean stop of a broker's presence
 * found. The node that found them publishes, and only it, since the broker found them once. A room hears them as any
 * other leaves, gathered into its notices on every node: a dead node's thousands of users cost each member a frame
 * per notify interval.
 */
public final class Departures {

    private static final Logger LOG = Logger.getLogger(Departures.class);

    private final Delivery delivery;
    private final Frames frames;
    /** {@code chat.presence.public}: off, nobody on the private channel hears who left it. */
    private final boolean privateNotices;
    private final ChatEvents events;

    public Departures(Delivery delivery, Frames frames, boolean privateNotices, ChatEvents events) {
        this.delivery = delivery;
        this.frames = frames;
        this.privateNotices = privateNotices;
        this.events = events;
    }

    /** @param rooms the rooms found with nobody in them any more, on any node */
    public void vacated(List<String> rooms) {
        rooms.forEach(events::vacated);
    }

    /** Publishes each departure's leave; completes once all are on their way, or given up. */
    public CompletionStage<Void> announce(List<Departure> departures) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(departures.size());
        for (Departure departure : departures) {
            String user = departure.user();
            boolean privateChannel = departure.scope().isPrivateChannel();
            if (privateChannel) {
                events.offline(user);
                if (!privateNotices) {
                    continue;
                }
            }
            Envelope leave = privateChannel
                    ? new Envelope(Target.watchers(user), frames.leave(null, user))
                    : new Envelope(Target.roomChange(departure.scope().room()), RoomChange.left(user));
            sent.add(delivery.publish(leave).toCompletableFuture().exceptionally(e -> {
                LOG.debugf("leave of %s not published: %s", user, e.getMessage());
                return null;
            }));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }
}
