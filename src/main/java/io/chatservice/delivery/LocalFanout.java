package io.chatservice.delivery;

import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.WireFrame;
import io.chatservice.registry.Catchup;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.transport.FrameSender;
import io.chatservice.transport.OnEventLoops;

/**
 * Hands an envelope's frame, built once, to each of this instance's connections that the target names. A room's
 * comings and goings are not frames yet: they go to {@link RoomNotices}, which gathers them and comes back here with
 * the frame the room hears.
 */
@ApplicationScoped
public class LocalFanout {

    private final ConnectionRegistry registry;
    private final FrameSender sender;
    private final ChatMetrics metrics;
    private final RoomNotices notices;

    @Inject
    public LocalFanout(ConnectionRegistry registry, FrameSender sender, ChatMetrics metrics, RoomNotices notices) {
        this.registry = registry;
        this.sender = sender;
        this.metrics = metrics;
        this.notices = notices;
    }

    /** Without room notices: a {@link Target.RoomChange} is refused. */
    public LocalFanout(ConnectionRegistry registry, FrameSender sender, ChatMetrics metrics) {
        this(registry, sender, metrics, null);
    }

    public void deliver(Envelope envelope) {
        if (envelope.target() instanceof Target.RoomChange change) {
            if (notices == null) {
                throw new IllegalArgumentException("no room notices for " + change);
            }
            notices.heard(change.room(), envelope.frame());
            return;
        }
        if (envelope.target() instanceof Target.RoomTyping typing) {
            deliverTyping(registry.roomSessions(typing.room()), typing.typist(), envelope);
            return;
        }
        if (envelope.target() instanceof Target.UserTyping typing) {
            deliverTyping(registry.privateSessions(typing.user()), typing.typist(), envelope);
            return;
        }
        ChatSession[] recipients = recipients(envelope.target());
        if (recipients.length > 0) {
            WireFrame frame = WireFrame.text(envelope.frame());
            try {
                OnEventLoops.forEach(recipients, frame, (session, wire) -> {
                    Catchup catchup = session.catchup();
                    if (catchup == null || catchup.pass(envelope, wire)) {
                        sender.send(session, wire);
                    }
                });
            } finally {
                frame.release();
            }
        }
        metrics.delivered(envelope.receivedAt());
    }

    /**
     * A typing notice, to the connections among {@code sessions} that asked for them and are not the typist's own:
     * the same recipients as any frame, each one's flag checked on the way. Nothing is encoded for a target where
     * nobody asked. Not timed as a delivery: the latency figures are about messages.
     */
    private void deliverTyping(ChatSession[] sessions, String typist, Envelope envelope) {
        if (!anyHears(sessions, typist)) {
            return;
        }
        WireFrame frame = WireFrame.text(envelope.frame());
        try {
            OnEventLoops.forEach(sessions, frame, (session, wire) -> {
                if (hears(session, typist)) {
                    Catchup catchup = session.catchup();
                    if (catchup == null || catchup.pass(envelope, wire)) {
                        sender.send(session, wire);
                    }
                }
            });
        } finally {
            frame.release();
        }
    }

    private static boolean anyHears(ChatSession[] sessions, String typist) {
        for (ChatSession session : sessions) {
            if (hears(session, typist)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hears(ChatSession session, String typist) {
        return session.hearsTyping() && !session.user().equals(typist);
    }

    private ChatSession[] recipients(Target target) {
        if (target instanceof Target.Room room) {
            return registry.roomSessions(room.name());
        }
        if (target instanceof Target.User user) {
            return registry.privateSessions(user.name());
        }
        if (target instanceof Target.Conversation conversation) {
            ChatSession[] to = registry.privateSessions(conversation.to());
            ChatSession[] from = registry.privateSessions(conversation.from());
            ChatSession[] both = Arrays.copyOf(to, to.length + from.length);
            System.arraycopy(from, 0, both, to.length, from.length);
            return both;
        }
        if (target instanceof Target.Watchers watchers) {
            return registry.watchers(watchers.user());
        }
        throw new IllegalArgumentException("no local recipients for " + target);
    }
}
