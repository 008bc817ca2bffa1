package io.chatservice.ws;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.admission.Admission;
import io.chatservice.config.ChatConfig;
import io.chatservice.identity.NameHolds;
import io.chatservice.limits.SendLimits;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.SessionEvicted;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The life of every chat connection, whichever its channel: admission, each frame (rate limits, parsing, claims),
 * and its end, by a close or an eviction. A channel's {@link ChatHandler} sees only admitted sessions and parsed
 * frames.
 */
@Singleton
public class ChatLifecycle {

    private final Map<ChatChannel, ChatHandler> handlers = new EnumMap<>(ChatChannel.class);
    private final Admission admission;
    private final Sessions sessions;
    private final SendLimits limits;
    private final InboundParser parser;
    private final Replies replies;
    private final NameHolds holds;
    private final Frames frames;
    private final ConnectionRegistry registry;
    private final long claimTtlDays;

    public ChatLifecycle(GroupChat group, PrivateChat direct, Admission admission, Sessions sessions,
            SendLimits limits, InboundParser parser, Replies replies, NameHolds holds, Frames frames,
            ConnectionRegistry registry, ChatConfig config) {
        handlers.put(group.channel(), group);
        handlers.put(direct.channel(), direct);
        this.admission = admission;
        this.sessions = sessions;
        this.limits = limits;
        this.parser = parser;
        this.replies = replies;
        this.holds = holds;
        this.frames = frames;
        this.registry = registry;
        this.claimTtlDays = config.identity().claimTtl().toDays();
    }

    public void open(WebSocketConnection connection, ChatChannel channel) {
        ChatSession session = admission.admit(connection, channel);
        if (session != null) {
            replies.handle(session, () -> handlers.get(channel).opened(session));
        }
    }

    public void text(WebSocketConnection connection, String text) {
        ChatSession session = sessions.of(connection);
        if (session == null) {
            return;
        }
        session.seen();
        long receivedAt = System.nanoTime();
        ChatHandler handler = handlers.get(session.channel());
        replies.handle(session, () -> {
            if (!limits.allow(session, receivedAt)) {
                return;
            }
            InboundMessage message = parser.parse(text, handler.fields());
            switch (message.typeOrDefault()) {
                case InboundMessage.CLAIM -> {
                    replies.reply(session, holds.claim(session.user())
                            ? frames.claimed(session.user(), claimTtlDays)
                            : frames.claimedByToken(session.user()));
                }
                case InboundMessage.RELEASE -> {
                    holds.release(session.user());
                    replies.reply(session, frames.released(session.user()));
                }
                default -> handler.handle(session, message, receivedAt);
            }
        });
    }

    public void binary(WebSocketConnection connection) {
        ChatSession session = sessions.of(connection);
        if (session == null) {
            return;
        }
        session.seen();
        replies.handle(session, () -> {
            if (limits.allow(session, System.nanoTime())) {
                throw new ProtocolException(ErrorCode.BINARY_NOT_SUPPORTED,
                        "binary frames are not supported; send JSON text");
            }
        });
    }

    /** The answer to the server's ping: the peer is alive even when it has nothing to say. */
    public void pong(WebSocketConnection connection) {
        ChatSession session = Sessions.sessionOf(connection);
        if (session != null) {
            session.seen();
        }
    }

    public void close(WebSocketConnection connection) {
        ChatSession session = sessions.forget(connection);
        if (session == null) {
            return;
        }
        handlers.get(session.channel()).closed(session);
        registry.close(session);
        admission.closed(session);
    }

    /** The service gave up on a connection: it leaves at once, as its close can take as long as its peer. */
    void onEvicted(@Observes SessionEvicted evicted) {
        close(evicted.session().connection());
    }
}
