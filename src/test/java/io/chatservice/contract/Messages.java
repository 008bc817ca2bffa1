package io.chatservice.contract;

import java.util.UUID;

import io.chatservice.core.Outgoing;
import io.chatservice.core.Route;
import io.chatservice.core.StreamKey;
import io.chatservice.core.Target;
import io.chatservice.history.Draft;

/** Messages as the endpoints hand them to a back end's message path. */
public final class Messages {

    private Messages() {
    }

    public static Outgoing roomMessage(String room, String user, String text, String cid) {
        return new Outgoing(StreamKey.room(room), draft(UUID.randomUUID().toString(), "\"room\":\"" + room + "\"", user,
                text), Target.room(room), null, user, cid, null, System.nanoTime());
    }

    public static Outgoing privateMessage(String from, String to, String text, Route route) {
        return new Outgoing(StreamKey.conversation(from, to), draft(UUID.randomUUID().toString(),
                "\"to_user\":\"" + to + "\"", from, text), Target.conversation(from, to), route, from, null, null,
                System.nanoTime());
    }

    /** A message frame as {@code Frames} writes one, cut where the offset and epoch go. */
    public static Draft draft(String id, String where, String user, String text) {
        return new Draft(id, "{\"type\":\"message\",\"id\":\"" + id + "\",\"ts\":1764075600000,\"offset\":",
                "," + where + ",\"from_user\":\"" + user + "\",\"info\":\"" + text + "\"}");
    }
}
