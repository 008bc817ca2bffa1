package io.chatservice.lifecycle;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.transport.FrameSender;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;
import io.chatservice.registry.Sessions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * Every {@code chat.liveness.check-interval}, pings the connections whose peer has been silent for
 * {@code chat.liveness.ping-interval}, and closes those whose peer is gone without saying so. One timer for all
 * connections: a ping timer per connection (WebSockets Next's auto-ping) costs heap on every idle connection.
 * <ul>
 * <li>no frame and no pong to the server's pings for {@code chat.liveness.timeout} (a laptop lid, a mobile handover,
 * a NAT that forgot the mapping: without this such a client stays online until TCP gives up, a quarter of an hour
 * later);</li>
 * <li>a reader that stopped reading while nothing new is sent to it, which the send path alone would not notice.</li>
 * </ul>
 */
@Singleton
public class PeerSweeper {

    private final OpenConnections connections;
    private final Evictions evictions;
    private final FrameSender sender;
    private final ChatConfig.Liveness liveness;

    public PeerSweeper(OpenConnections connections, Evictions evictions, FrameSender sender, ChatConfig config) {
        this.connections = connections;
        this.evictions = evictions;
        this.sender = sender;
        this.liveness = config.liveness();
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(liveness.checkInterval().toMillis(), id -> sweep());
    }

    void sweep() {
        long now = System.nanoTime();
        long deadBefore = now - liveness.timeout().toNanos();
        long pingBefore = now - liveness.pingInterval().toNanos();
        List<ChatSession> silent = new ArrayList<>();
        for (WebSocketConnection connection : connections) {
            ChatSession session = Sessions.sessionOf(connection);
            if (session == null || session.isClosing()) {
                continue;
            }
            if (session.lastSeen() - deadBefore < 0) {
                evictions.evict(session, CloseCodes.UNRESPONSIVE, "no answer to pings");
            } else if (sender.isStalled(session)) {
                sender.evictSlow(session);
            } else if (session.lastSeen() - pingBefore < 0) {
                silent.add(session);
            }
        }
        if (!silent.isEmpty()) {
            sender.ping(silent.toArray(new ChatSession[0]));
        }
    }
}
