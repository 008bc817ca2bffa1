package io.chatservice.mailbox;

import io.chatservice.history.Kept;
import io.chatservice.history.StreamKey;

/** A private message kept in its offline addressee's mailbox, as it is in its conversation's stream. */
public record Letter(StreamKey stream, Kept kept) {
}
