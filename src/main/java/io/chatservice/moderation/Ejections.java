package io.chatservice.moderation;

import java.util.function.Function;

import jakarta.inject.Singleton;

import io.chatservice.core.Ban;
import io.chatservice.core.Sanctions;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.protocol.CloseReasons;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;
import io.chatservice.registry.Sessions;
import io.chatservice.transport.FrameSender;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Closes this node's connections of a name, on both channels, whatever spelling of the name's form they use: a kick
 * (4010) or a ban (a {@code BANNED} error frame, then 4403). Connections still being let in go too. A rare operator's
 * act, so it walks the node's connections rather than keep an index that every connection would pay for.
 */
@Singleton
public class Ejections {

    private final OpenConnections connections;
    private final Evictions evictions;
    private final FrameSender sender;
    private final Frames frames;
    private final ChatMetrics metrics;

    public Ejections(OpenConnections connections, Evictions evictions, FrameSender sender, Frames frames,
            ChatMetrics metrics) {
        this.connections = connections;
        this.evictions = evictions;
        this.sender = sender;
        this.frames = frames;
        this.metrics = metrics;
    }

    /** Closes the name's connections with 4010; from any thread. @return how many it closes */
    public int kick(String form, String reason) {
        return close(form, session -> null, CloseCodes.KICKED, reason);
    }

    /**
     * Tells the name's connections of the ban and closes them with 4403, the reason as the close's; from any thread.
     * @return how many
     */
    public int ban(Ban ban) {
        ProtocolException refusal = ban.refusal(System.currentTimeMillis());
        return close(ban.form(), session -> refusal, CloseCodes.BANNED, refusal.reason());
    }

    /** Closes every connection whose name a ban in force holds: after the bans were read whole. @return how many */
    public int banned(Sanctions sanctions) {
        int closed = 0;
        long now = System.currentTimeMillis();
        for (WebSocketConnection connection : connections) {
            ChatSession session = Sessions.sessionOf(connection);
            Ban ban = session == null || session.isClosing() ? null : sanctions.ban(session.user());
            if (ban != null) {
                ProtocolException refusal = ban.refusal(now);
                closeOnItsLoop(session, refusal, CloseCodes.BANNED, refusal.reason());
                closed++;
            }
        }
        return closed;
    }


    private int close(String form, Function<ChatSession, ProtocolException> error, int code, String reason) {
        int closed = 0;
        for (WebSocketConnection connection : connections) {
            ChatSession session = Sessions.sessionOf(connection);
            if (session != null && !session.isClosing() && NameForms.userForm(session.user()).equals(form)) {
                closeOnItsLoop(session, error.apply(session), code, reason);
                closed++;
            }
        }
        return closed;
    }

    /**
     * On the connection's own event loop, so that the error frame is written before the eviction marks the session
     * closing (after which nothing more is sent to it).
     */
    private void closeOnItsLoop(ChatSession session, ProtocolException error, int code, String reason) {
        session.eventLoop().execute(() -> {
            if (error != null) {
                metrics.error(error.code());
                sender.send(session, frames.error(error));
            }
            evictions.evict(session, code, CloseReasons.fit(reason));
        });
    }
}
