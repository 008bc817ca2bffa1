package io.chatservice.core;

import io.chatservice.history.Kept;
/**
 * What came of a {@link Change}.
 *
 * @param kept the change as kept in the stream, with its own offset; null unless {@link Outcome#CHANGED}
 */
public record Changed(Outcome outcome, Kept kept) {

    public enum Outcome {
        /** The message was rewritten and the change kept and published. */
        CHANGED,
        /** A delete of a message deleted before: nothing changed, nothing was published. */
        ALREADY_DELETED,
        /** No message with that offset and id is kept now. */
        UNKNOWN,
        /** An edit of a deleted message. */
        DELETED,
        /** The message is someone else's. */
        NOT_AUTHOR,
        /** The message is older than the edit window. */
        WINDOW_CLOSED
    }

    public static Changed of(Outcome outcome) {
        return new Changed(outcome, null);
    }
}
