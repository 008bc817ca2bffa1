package io.chatservice.ws;

import java.util.Set;

import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatChannel;
import io.chatservice.registry.ChatSession;

/**
 * What one channel (group or private) does with an admitted connection; {@link ChatLifecycle} does the rest. Called
 * on the event loop: never blocks.
 */
public interface ChatHandler {

    ChatChannel channel();

    /** The fields a client frame on this channel may have. */
    Set<String> fields();

    /** The connection was admitted and told who it is. */
    void opened(ChatSession session) throws ProtocolException;

    /** A frame from the connection that is this channel's to handle. */
    void handle(ChatSession session, InboundMessage message, long receivedAt) throws ProtocolException;

    /** The connection closed or was evicted: it leaves what it was in. */
    void closed(ChatSession session);
}
