package io.chatservice.identity;

import io.chatservice.protocol.ProtocolException;
import io.quarkus.websockets.next.WebSocketConnection;

/** How a new connection proves that the name in its path is its own ({@code chat.identity.mode}). */
public interface NameProof {

    /**
     * Takes the connection under the name, or refuses it.
     *
     * @param user the name in the path, already checked against the naming rules
     */
    Admitted admit(WebSocketConnection connection, String user) throws ProtocolException;
}
