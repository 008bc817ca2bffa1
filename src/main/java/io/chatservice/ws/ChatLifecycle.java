package io.chatservice.ws;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.admission.Admission;
import io.chatservice.admission.TypingOptIn;
import io.chatservice.config.ChatConfig;
import io.chatservice.core.Stages;
import io.chatservice.delivery.Replies;
import io.chatservice.identity.Claims;
import io.chatservice.limits.SendLimits;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.protocol.CloseReasons;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.Evictions;
import io.chatservice.registry.SessionEvicted;
import io.chatservice.registry.Sessions;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * The life of every chat connection, whichever its channel: admission, each frame (rate limits, parsing, claims),
 * and its end, by a close or an eviction. A channel's {@link ChatHandler} sees only admitted sessions and parsed
 * frames.
 */
@Singleton
public class ChatLifecycle {

    private static final long QUEUE_FULL_RETRY_MS = 1000;

    private final Map<ChatChannel, ChatHandler> handlers = new EnumMap<>(ChatChannel.class);
    private final Map<ChatChannel, FrameTable> tables = new EnumMap<>(ChatChannel.class);
    private final Admission admission;
    private final Sessions sessions;
    private final SendLimits limits;
    private final InboundParser parser;
    private final Replies replies;
    private final Claims claims;
    private final Evictions evictions;
    private final Frames frames;
    private final ConnectionRegistry registry;
    private final long claimTtlDays;

    public ChatLifecycle(GroupChat group, PrivateChat direct, Admission admission, Sessions sessions,
            SendLimits limits, InboundParser parser, Replies replies, Claims claims, Evictions evictions,
            Frames frames, ConnectionRegistry registry, ChatConfig config) {
        handlers.put(group.channel(), group);
        handlers.put(direct.channel(), direct);
        this.admission = admission;
        this.sessions = sessions;
        this.limits = limits;
        this.parser = parser;
        this.replies = replies;
        this.claims = claims;
        this.evictions = evictions;
        this.frames = frames;
        this.registry = registry;
        this.claimTtlDays = config.identity().claimTtl().toDays();
        FrameTable names = names();
        handlers.values().forEach(handler -> tables.put(handler.channel(), handler.table().with(names)));
    }

    public void open(WebSocketConnection connection, ChatChannel channel) {
        ChatSession session = admission.begin(connection, channel);
        if (session == null) {
            return;
        }
        ChatHandler handler = handlers.get(channel);
        InOrder.run(session, () -> Stages.then(admission.prove(session), session.eventLoop(), admitted -> {
            if (!admitted) {
                return Stages.DONE;
            }
            ProtocolException badTyping = TypingOptIn.badOptIn(connection);
            if (badTyping != null) {
                replies.error(session, badTyping); // told, and goes on without typing notices
            }
            CompletionStage<Void> opened;
            try {
                opened = handler.opened(session);
            } catch (ProtocolException e) {
                opened = CompletableFuture.failedFuture(e);
            }
            if (Stages.succeeded(opened)) {
                return opened;
            }
            return opened.handle((done, failure) -> {
                if (failure != null) {
                    unavailable(session, Stages.refusal(failure));
                }
                return null;
            });
        }));
    }

    public void text(WebSocketConnection connection, String text) {
        ChatSession session = sessions.of(connection);
        if (session == null) {
            return;
        }
        session.seen();
        long receivedAt = System.nanoTime();
        boolean taken = InOrder.run(session, () -> replies.handle(session,
                () -> Stages.then(limits.allow(session, receivedAt), session.eventLoop(),
                        allowed -> allowed ? frame(session, text, receivedAt) : Stages.DONE)));
        if (!taken) {
            replies.error(session, ProtocolException.retryLater(ErrorCode.RATE_LIMITED,
                    "too many frames are waiting for the cluster; wait a moment", QUEUE_FULL_RETRY_MS));
        }
    }

    private CompletionStage<Void> frame(ChatSession session, String text, long receivedAt) throws ProtocolException {
        ChatHandler handler = handlers.get(session.channel());
        InboundMessage message = parser.parse(text, handler.fields());
        // A typing notice is a hint, never acknowledged: its cid is ignored.
        String cid = InboundMessage.TYPING.equals(message.type()) ? null : message.cid();
        try {
            // An edit's text is kept as a message's is (the message's new text, and the change), so it counts alike.
            if ((InboundMessage.MESSAGE.equals(message.typeOrDefault()) || InboundMessage.EDIT.equals(message.type()))
                    && message.info() != null
                    && !limits.allowText(session, message.info(), receivedAt)) {
                return Stages.DONE; // closed for flooding
            }
        } catch (ProtocolException e) {
            throw cid == null ? e : e.withCid(cid);
        }
        if (cid == null) {
            return act(session, handler, message, receivedAt);
        }
        CompletionStage<Void> done;
        try {
            done = act(session, handler, message, receivedAt);
        } catch (ProtocolException e) {
            throw e.withCid(cid);
        }
        // A message is acknowledged once it is kept (see Replies.acknowledge); anything else once it took effect.
        boolean isMessage = InboundMessage.MESSAGE.equals(message.typeOrDefault());
        return done.handle((ok, failure) -> {
            if (failure != null) {
                replies.error(session, Stages.refusal(failure).withCid(cid));
            } else if (!isMessage) {
                replies.reply(session, frames.done(cid));
            }
            return null;
        });
    }

    private CompletionStage<Void> act(ChatSession session, ChatHandler handler, InboundMessage message,
            long receivedAt) throws ProtocolException {
        return tables.get(handler.channel()).dispatch(session, message, receivedAt);
    }

    /** What every channel takes besides its own frames: keeping the connection's name, and giving it up. */
    private FrameTable names() {
        return FrameTable.of("any")
                .on(InboundMessage.CLAIM, (session, message, receivedAt) -> Stages.then(
                        claims.claim(session.user(), session.address()), session.eventLoop(), keyed -> {
                            replies.reply(session, keyed
                                    ? frames.claimed(session.user(), claimTtlDays)
                                    : frames.claimedByToken(session.user()));
                            return Stages.DONE;
                        }))
                .on(InboundMessage.RELEASE, (session, message, receivedAt) -> Stages.then(
                        claims.release(session.user()), session.eventLoop(), done -> {
                            replies.reply(session, frames.released(session.user()));
                            return Stages.DONE;
                        }))
                .build();
    }

    /** The connection cannot be served without the cluster: it is told, and asked to come back later. */
    private void unavailable(ChatSession session, ProtocolException e) {
        replies.error(session, e);
        evictions.evict(session, CloseCodes.TRY_AGAIN_LATER, CloseReasons.fit(e.reason()));
    }

    public void binary(WebSocketConnection connection) {
        ChatSession session = sessions.of(connection);
        if (session == null) {
            return;
        }
        session.seen();
        long receivedAt = System.nanoTime();
        InOrder.run(session, () -> replies.handle(session,
                () -> Stages.then(limits.allow(session, receivedAt), session.eventLoop(), allowed -> {
                    if (allowed) {
                        throw new ProtocolException(ErrorCode.BINARY_NOT_SUPPORTED,
                                "binary frames are not supported; send JSON text");
                    }
                    return Stages.DONE;
                })));
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
        session.markClosing();
        if (session.isAdmitted()) {
            handlers.get(session.channel()).closed(session);
            registry.close(session);
        }
        admission.closed(session);
    }

    /** The service gave up on a connection: it leaves at once, as its close can take as long as its peer. */
    void onEvicted(@Observes SessionEvicted evicted) {
        close(evicted.session().connection());
    }
}
