package io.chatservice.mailbox;

import io.chatservice.history.Kept;
import io.chatservice.core.StreamKey;

/**
 * A private message kept in its offline addressee's mailbox, as it is in its conversation's stream.
 *
 * @param entry its id among the conversation's letters in Redis ({@code <ms>-<seq>}); null in memory
 */
public record Letter(StreamKey stream, Kept kept, String entry) {

    public Letter(StreamKey stream, Kept kept) {
        this(stream, kept, null);
    }
}
