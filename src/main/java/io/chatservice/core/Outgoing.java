package io.chatservice.core;

import io.chatservice.history.Draft;

/**
 * A chat message to keep in its stream's history and publish, in one step.
 *
 * @param target who receives it live
 * @param route for a private message with {@code chat.broker=redis}: the nodes its users are on; null otherwise
 * @param sender the sending user, under whom {@code cid} is remembered
 * @param cid the client's own id for the message, or null: a second message of the sender with the same cid in the
 *        same stream within {@code chat.history.cid-window} is not kept or delivered again
 * @param mailbox the user whose mailbox also keeps the message (an offline addressee), or null
 * @param receivedAt {@link System#nanoTime()} when the message arrived, for the latency timer
 * @param author the sender's identity, kept with the message: only its author may edit or delete it, not a later
 *        holder of the name; null when nobody may
 */
public record Outgoing(StreamKey stream, Draft draft, Target target, Route route, String sender, String cid,
        String mailbox, long receivedAt, String author) {

    /** A message that no user may change (only the backend may). */
    public Outgoing(StreamKey stream, Draft draft, Target target, Route route, String sender, String cid,
            String mailbox, long receivedAt) {
        this(stream, draft, target, route, sender, cid, mailbox, receivedAt, null);
    }

    /** The same message, delivered live only: its addressee came online after it was routed. */
    public Outgoing withoutMailbox() {
        return new Outgoing(stream, draft, target, route, sender, cid, null, receivedAt, author);
    }
}
