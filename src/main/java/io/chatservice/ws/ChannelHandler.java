package io.chatservice.ws;

import io.quarkus.websockets.next.WebSocketConnection;

/** What one channel (group or private) does with a connection's events. Called on the event loop: never blocks. */
public interface ChannelHandler {

    void open(WebSocketConnection connection);

    void receive(WebSocketConnection connection, String text);

    void receiveBinary(WebSocketConnection connection);

    void close(WebSocketConnection connection);
}
