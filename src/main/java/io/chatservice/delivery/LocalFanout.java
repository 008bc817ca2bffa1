package io.chatservice.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.chatservice.metrics.ChatMetrics;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;

/** Hands an envelope's frame to each of this instance's connections that the target names. */
@ApplicationScoped
public class LocalFanout {

    private final ConnectionRegistry registry;
    private final FrameSender sender;
    private final ChatMetrics metrics;

    public LocalFanout(ConnectionRegistry registry, FrameSender sender, ChatMetrics metrics) {
        this.registry = registry;
        this.sender = sender;
        this.metrics = metrics;
    }

    public void deliver(Envelope envelope) {
        Target target = envelope.target();
        String frame = envelope.frame();
        if (target instanceof Target.Room room) {
            for (ChatSession session : registry.roomSessions(room.name())) {
                sender.send(session, frame);
            }
        } else if (target instanceof Target.User user) {
            for (ChatSession session : registry.privateSessions(user.name())) {
                sender.send(session, frame);
            }
        } else {
            for (ChatSession session : registry.privateChannelSessions()) {
                sender.send(session, frame);
            }
        }
        metrics.delivered(envelope.receivedAt());
    }
}
