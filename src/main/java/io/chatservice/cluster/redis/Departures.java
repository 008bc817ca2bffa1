package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.chatservice.core.ChatEvents;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.delivery.RoomChange;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.delivery.RoomChange;
import io.chatservice.protocol.Frames;
import io.vertx.redis.client.Response;

/**
 * Tells each scope that users left it everywhere: what a reap, a rebuild or a clean stop found. The node that ran
 * the script publishes, and only it, since the script ran once. A room hears them as any other leaves, gathered
 * into its notices on every node: a dead node's thousands of users cost each member a frame per notify interval.
 */
final class Departures {

    private static final Logger LOG = Logger.getLogger(Departures.class);

    private final Delivery delivery;
    private final Frames frames;
    /** {@code chat.presence.public}: off, nobody on the private channel hears who left it. */
    private final boolean privateNotices;
    private final ChatEvents events;

    Departures(Delivery delivery, Frames frames, boolean privateNotices, ChatEvents events) {
        this.delivery = delivery;
        this.frames = frames;
        this.privateNotices = privateNotices;
        this.events = events;
    }

    /** @param rooms the rooms the script found nobody in any more */
    void vacated(Response rooms) {
        strings(rooms).forEach(events::vacated);
    }

    /** @param pairs (scope tag, user) pairs, as the presence scripts return them */
    CompletionStage<Void> announce(Response pairs) {
        List<String> flat = strings(pairs);
        List<CompletableFuture<Void>> sent = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String tag = flat.get(i);
            String user = flat.get(i + 1);
            if (tag.equals("p")) {
                events.offline(user);
            }
            if (tag.equals("p") && !privateNotices) {
                continue;
            }
            Envelope leave = tag.equals("p")
                    ? new Envelope(Target.watchers(user), frames.leave(null, user))
                    : new Envelope(Target.roomChange(tag.substring(2)), RoomChange.left(user));
            sent.add(delivery.publish(leave).toCompletableFuture().exceptionally(e -> {
                LOG.debugf("leave of %s not published: %s", user, e.getMessage());
                return null;
            }));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    static List<String> strings(Response array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (Response item : array) {
                out.add(item.toString());
            }
        }
        return out;
    }
}
