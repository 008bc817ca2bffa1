package io.chatservice.bench.client;

import io.vertx.core.http.WebSocket;

/**
 * One client connection of a scenario. A connection that is the addressee of a pair tells the scenario when one of
 * that pair's messages arrives, which is how the saturation run keeps a fixed number of messages in flight; the
 * cluster scenario learns the same way on which node each delivery's sender was.
 */
public final class Member {

    public interface Arrival {
        /**
         * @param pair the message's pair (private chat) or the sender's node (cluster)
         * @param sendNanos when it was sent, {@link System#nanoTime()}
         */
        void arrived(Member at, long pair, long sendNanos);
    }

    private final String user;
    private final int index;
    private final WebSocket socket;
    private volatile boolean closed;
    /** The name's key from this connection's welcome frame, on a server that holds names by key; else null. */
    private volatile String key;

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

    /** The name's key that this connection was welcomed with, or null (not yet, or a server without keys). */
    public String key() {
        return key;
    }

    void welcomed(String key) {
        this.key = key;
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** Stops reading from the socket: what the server sends waits in its buffers. */
    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    public void close() {
        if (!closed) {
            socket.close();
        }
    }
}
