package io.chatservice.identity;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code names} mode: a connection proves a held name with the key that the name's first connection was given, as the
 * query parameter {@code key} ({@code /privateChat/alice?key=…}); a name nobody holds needs none.
 */
@Singleton
public class KeyProof implements NameProof {

    static final String KEY_PARAMETER = "key";

    private final Names holds;

    public KeyProof(Names holds) {
        this.holds = holds;
    }

    @Override
    public CompletionStage<Admitted> admit(WebSocketConnection connection, String user) {
        return holds.admitWithKey(user, queryParameter(connection, KEY_PARAMETER));
    }

    /** The first value of a query parameter of the upgrade request, or null. */
    public static String queryParameter(WebSocketConnection connection, String name) {
        return queryParameter(connection.handshakeRequest().query(), name);
    }

    /** The first value of a parameter of a query string (without its {@code ?}), or null. */
    public static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        List<String> values = new QueryStringDecoder(query, false).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
