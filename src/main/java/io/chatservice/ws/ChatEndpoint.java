package io.chatservice.ws;

import java.io.IOException;

import org.jboss.logging.Logger;

import io.chatservice.protocol.ChatChannel;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.transport.FrameGuard;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The callbacks every chat path shares, handed to {@link ChatLifecycle}. Public, so that javac adds no annotated visibility bridges to the subclasses
 * (WebSockets Next would count those as second callbacks). {@code @NonBlocking} keeps them on the event loop: a
 * {@code void} callback would otherwise hop to a worker thread for every frame.
 * <p>
 * The endpoints declare {@code InboundProcessingMode.CONCURRENT}. Every callback here runs to its end on the
 * connection's one event loop, and WebSockets Next queues a connection's events on that loop in the order they
 * happen ({@code @OnOpen} first), so they are handled one at a time and in order all the same. What the mode saves
 * is the serial mode's per-connection limiter: a queue on every idle connection, and a hand-off per message.
 */
public abstract class ChatEndpoint {

    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class);

    private final ChatChannel channel;
    private final ChatLifecycle lifecycle;

    protected ChatEndpoint(ChatChannel channel, ChatLifecycle lifecycle) {
        this.channel = channel;
        this.lifecycle = lifecycle;
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        lifecycle.open(connection, channel);
    }

    @OnTextMessage
    @NonBlocking
    public void onText(WebSocketConnection connection, String text) {
        lifecycle.text(connection, text);
    }

    @OnBinaryMessage
    @NonBlocking
    public void onBinary(WebSocketConnection connection, Buffer data) {
        lifecycle.binary(connection);
    }

    @OnPongMessage
    @NonBlocking
    public void onPong(WebSocketConnection connection, Buffer data) {
        lifecycle.pong(connection);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        lifecycle.close(connection);
    }

    /**
     * Vert.x refuses a message above {@code quarkus.websockets-next.server.max-message-size} with this exception.
     * That client gets 1009 (message too big) and nobody else notices; any other such failure is a fault (1011).
     */
    @OnError
    public Uni<Void> onRefusedMessage(WebSocketConnection connection, IllegalStateException failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("max message size")) {
            LOG.debugf("closing %s: %s", connection.id(), message);
            return connection.close(new CloseReason(CloseCodes.MESSAGE_TOO_BIG, "message too big"));
        }
        LOG.errorf(failure, "closing %s after a fault", connection.id());
        return connection.close(new CloseReason(CloseCodes.INTERNAL_ERROR, "internal error"));
    }

    /** A reset or vanished peer: {@code @OnClose} cleans up; there is nothing else to do. */
    @OnError
    public Uni<Void> onTransportFailure(WebSocketConnection connection, IOException failure) {
        LOG.debugf("transport failure on %s: %s", connection.id(), failure.toString());
        return Uni.createFrom().voidItem();
    }

    /**
     * A frame refused on the wire, already answered with its close frame ({@link io.chatservice.transport.FrameGuard}):
     * over {@code max-frame-size} (1009), text that is not UTF-8 (1007), or another protocol violation (1002).
     */
    @OnError
    public Uni<Void> onCorruptFrame(WebSocketConnection connection, CorruptedWebSocketFrameException failure) {
        LOG.debugf("refused a frame on %s: %s", connection.id(), failure.getMessage());
        return Uni.createFrom().voidItem();
    }
}
