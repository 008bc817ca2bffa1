package io.chatservice.identity;

import java.util.concurrent.CompletionStage;

import io.chatservice.protocol.ProtocolException;
import io.quarkus.websockets.next.WebSocketConnection;

/** How a new connection proves that the name in its path is its own ({@code chat.identity.mode}). */
public interface NameProof {

    /**
     * Takes the connection under the name, or refuses it.
     *
     * @param user the name in the path, already checked against the naming rules
     * @return fails with the refusal when the name is not the connection's, or is held by too many connections
     */
    CompletionStage<Admitted> admit(WebSocketConnection connection, String user) throws ProtocolException;
}
