package io.chatservice.registry;

import jakarta.inject.Singleton;

import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;

/** Finds the session of an admitted connection, which it keeps in the connection's user data. */
@Singleton
public class Sessions {

    private static final TypedKey<ChatSession> SESSION = new TypedKey<>("chat.session");

    public void attach(ChatSession session) {
        session.connection().userData().put(SESSION, session);
    }

    /** The session of a connection, admitted or not yet gone, or null; for housekeeping, not for handling frames. */
    public static ChatSession sessionOf(WebSocketConnection connection) {
        return connection.userData().get(SESSION);
    }

    /** The session of an admitted connection that is still in the registry, or null. */
    public ChatSession of(WebSocketConnection connection) {
        ChatSession session = sessionOf(connection);
        return session == null || session.isClosing() ? null : session;
    }

    /**
     * Removes and returns the session of a closed or evicted connection; null if it was never admitted or is gone
     * already, so that only one of the two cleans up.
     */
    public ChatSession forget(WebSocketConnection connection) {
        return connection.userData().remove(SESSION);
    }
}
