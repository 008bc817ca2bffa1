package io.chatservice.ws;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;

/**
 * What one channel (group or private) does with an admitted connection; {@link ChatLifecycle} does the rest. Called
 * on the event loop: never blocks.
 */
public interface ChatHandler {

    ChatChannel channel();

    /** The fields a client frame on this channel may have. */
    Set<String> fields();

    /**
     * The connection was admitted and told who it is.
     *
     * @return completes when the connection is in (it may wait for the cluster); a refusal fails it
     */
    CompletionStage<Void> opened(ChatSession session) throws ProtocolException;

    /**
     * The frame types that are this channel's to handle, each with its handling; a handling's stage completes when
     * the frame is handled, and the connection's next frame waits for it.
     */
    FrameTable table();

    /** The connection closed or was evicted: it leaves what it was in. */
    void closed(ChatSession session);
}
