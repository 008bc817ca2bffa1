package io.chatservice.admission;

import io.chatservice.identity.KeyProof;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Whether a connection asked for others' typing notices, by the query parameter {@code typing=true} of its WebSocket
 * URL: known at admission, before anything is delivered to it, and held for the connection's life.
 */
public final class TypingOptIn {

    /** The query parameter of the WebSocket URL by which a connection asks for others' typing notices. */
    public static final String QUERY_PARAMETER = "typing";

    private TypingOptIn() {
    }

    /** Whether the connection asked for typing notices: {@code ?typing=true} on its URL. */
    public static boolean asked(WebSocketConnection connection) {
        return "true".equals(KeyProof.queryParameter(connection, QUERY_PARAMETER));
    }

    /** The refusal of a {@code typing} parameter that is neither {@code true} nor {@code false}; null if it is fine. */
    public static ProtocolException badOptIn(WebSocketConnection connection) {
        String value = KeyProof.queryParameter(connection, QUERY_PARAMETER);
        if (value == null || value.equals("true") || value.equals("false")) {
            return null;
        }
        return new ProtocolException(ErrorCode.INVALID_FIELD,
                "query parameter 'typing' must be true or false; this connection gets no typing notices");
    }
}
