package io.chatservice.bench.client;

import io.vertx.core.http.WebSocket;

/**
 * One client connection of a scenario. A connection that is the addressee of a pair tells the scenario when one of
 * that pair's messages arrives, which is how the saturation run keeps a fixed number of messages in flight.
 */
public final class Member {

    public interface Arrival {
        void arrived(Member at, long pair);
    }

    private final String user;
    private final int index;
    private final WebSocket socket;
    private volatile boolean closed;

    Member(String user, int index, WebSocket socket) {
        this.user = user;
        this.index = index;
        this.socket = socket;
    }

    public String user() {
        return user;
    }

    public int index() {
        return index;
    }

    public void send(String text) {
        if (!closed) {
            socket.writeTextMessage(text);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    public void close() {
        if (!closed) {
            socket.close();
        }
    }
}
