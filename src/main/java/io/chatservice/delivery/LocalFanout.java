package io.chatservice.delivery;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Writes at once to the connections this thread's event loop owns, and hands every other event loop one task
     * with all of its own connections: a write from another thread would cost a task and a wake-up per recipient.
     */
    private void sendByEventLoop(ChatSession[] sessions, String frame) {
        Thread here = Thread.currentThread();
        Map<Thread, List<ChatSession>> elsewhere = null;
        for (ChatSession session : sessions) {
            Thread owner = session.eventLoop();
            if (owner == null || owner == here) {
                sender.send(session, frame);
            } else {
                if (elsewhere == null) {
                    elsewhere = new IdentityHashMap<>(4);
                }
                elsewhere.computeIfAbsent(owner, loop -> new ArrayList<>()).add(session);
            }
        }
        if (elsewhere != null) {
            for (List<ChatSession> batch : elsewhere.values()) {
                batch.get(0).context().runOnContext(v -> {
                    for (ChatSession session : batch) {
                        sender.send(session, frame);
                    }
                });
            }
        }
    }

    public void deliver(Envelope envelope) {
        Target target = envelope.target();
        String frame = envelope.frame();
        if (target instanceof Target.Room room) {
            sendByEventLoop(registry.roomSessions(room.name()), frame);
        } else if (target instanceof Target.User user) {
            sendByEventLoop(registry.privateSessions(user.name()), frame);
        } else {
            sendByEventLoop(registry.privateChannelSessions().toArray(new ChatSession[0]), frame);
        }
        metrics.delivered(envelope.receivedAt());
    }
}
