package io.chatservice.ws;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.delivery.FrameSender;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.Channel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Admits a new connection under its user's name (or refuses it with a reason), finds its session later, and answers
 * the connection directly.
 */
@Singleton
public class Sessions {

    /** Close code for a handshake whose username or room breaks the rules (policy violation). */
    public static final int REFUSED = 1008;

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    private static final TypedKey<ChatSession> SESSION = new TypedKey<>("chat.session");
    /** A close frame's reason may hold at most 123 bytes. */
    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private final ConnectionRegistry registry;
    private final InputRules rules;
    private final Frames frames;
    private final FrameSender sender;
    private final ChatMetrics metrics;

    public Sessions(ConnectionRegistry registry, InputRules rules, Frames frames, FrameSender sender,
            ChatMetrics metrics) {
        this.registry = registry;
        this.rules = rules;
        this.frames = frames;
        this.sender = sender;
        this.metrics = metrics;
    }

    /**
     * Checks the names from the handshake and registers the connection as online. A browser never sees why an
     * upgrade was refused, so a bad name is refused after the upgrade instead: an error frame, then close 1008 with
     * the reason, both of which every client can read.
     *
     * @param room the room named in the path, or null
     * @return the session, or null if the connection was refused
     */
    public ChatSession admit(WebSocketConnection connection, Channel channel, String user, String room) {
        try {
            rules.checkUsername(user);
            if (room != null) {
                rules.checkRoom(room);
            }
        } catch (ProtocolException e) {
            refuse(connection, e);
            return null;
        }
        ChatSession session = new ChatSession(connection, SocketCapture.adopt(connection), user, channel);
        connection.userData().put(SESSION, session);
        registry.open(session);
        return session;
    }

    /** The peer of this connection sent something, so it is alive. */
    public void seen(WebSocketConnection connection) {
        ChatSession session = sessionOf(connection);
        if (session != null) {
            session.seen();
        }
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

    public void reply(ChatSession session, String frame) {
        sender.send(session, frame);
    }

    public void replyError(ChatSession session, ProtocolException e) {
        metrics.error(e.code());
        sender.send(session, frames.error(e));
    }

    public void rejectBinary(WebSocketConnection connection) {
        ChatSession session = of(connection);
        if (session != null) {
            replyError(session, new ProtocolException(ErrorCode.BINARY_NOT_SUPPORTED,
                    "binary frames are not supported; send JSON text"));
        }
    }

    /** Runs what a client frame asks for; a refusal becomes an error frame to that client alone. */
    public void handle(ChatSession session, Action action) {
        try {
            action.run();
        } catch (ProtocolException e) {
            replyError(session, e);
        }
    }

    @FunctionalInterface
    public interface Action {
        void run() throws ProtocolException;
    }

    private void refuse(WebSocketConnection connection, ProtocolException e) {
        metrics.error(e.code());
        LOG.debugf("refused %s: %s", connection.handshakeRequest().path(), e.reason());
        CloseReason reason = new CloseReason(REFUSED, closeReason(e.reason()));
        connection.sendText(frames.error(e))
                .onItemOrFailure().transformToUni((done, failure) -> connection.close(reason))
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("refusing %s failed: %s", connection, failure.getMessage()));
    }

    static String closeReason(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES - 3) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
