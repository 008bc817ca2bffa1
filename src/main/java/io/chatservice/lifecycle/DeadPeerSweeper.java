package io.chatservice.lifecycle;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.Evictions;
import io.chatservice.ws.Sessions;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;

/**
 * Closes connections whose peer stopped answering the server's pings. Without this a client that vanished without
 * a FIN (a laptop lid, a mobile handover, a NAT that forgot the mapping) would stay online until TCP gave up, which
 * takes a quarter of an hour.
 */
@Singleton
public class DeadPeerSweeper {

    /** Close code for a peer that answered no pings within {@code chat.liveness.timeout}. */
    public static final int UNRESPONSIVE = 4002;

    private final OpenConnections connections;
    private final Evictions evictions;
    private final ChatConfig.Liveness liveness;

    public DeadPeerSweeper(OpenConnections connections, Evictions evictions, ChatConfig config) {
        this.connections = connections;
        this.evictions = evictions;
        this.liveness = config.liveness();
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(liveness.checkInterval().toMillis(), id -> sweep());
    }

    void sweep() {
        long oldest = System.nanoTime() - liveness.timeout().toNanos();
        for (WebSocketConnection connection : connections) {
            ChatSession session = Sessions.sessionOf(connection);
            if (session != null && !session.isClosing() && session.lastSeen() - oldest < 0) {
                evictions.evict(session, UNRESPONSIVE, "no answer to pings");
            }
        }
    }
}
