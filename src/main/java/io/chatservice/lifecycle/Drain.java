package io.chatservice.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.config.ChatConfig;
import io.chatservice.protocol.CloseCodes;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Graceful shutdown. On SIGTERM Quarkus first reports not-ready for {@code quarkus.shutdown.delay} and fires
 * {@link ShutdownDelayInitiatedEvent}: from then on new WebSocket upgrades are refused ({@link DrainingUpgradeCheck})
 * and every open connection is closed with 1001 (going away), after what was already queued to it, so its client
 * reconnects to another instance. Without a delay (dev, tests) the same happens at {@link ShutdownEvent}.
 */
@Singleton
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);

    private final OpenConnections connections;
    private final Duration closeTimeout;
    private volatile boolean draining;

    public Drain(OpenConnections connections, ChatConfig config) {
        this.connections = connections;
        this.closeTimeout = config.shutdown().closeTimeout();
    }

    public boolean isDraining() {
        return draining;
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        start();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        start();
        awaitClosed();
    }

    private synchronized void start() {
        if (draining) {
            return;
        }
        draining = true;
        int count = 0;
        for (WebSocketConnection connection : connections) {
            connection.close(new CloseReason(CloseCodes.GOING_AWAY, "server shutting down")).subscribe().with(
                    done -> {
                    }, failure -> LOG.debugf("closing %s failed: %s", connection.id(), failure.getMessage()));
            count++;
        }
        LOG.infof("draining: closing %d connections with %d", count, CloseCodes.GOING_AWAY);
    }

    /** Runs on the shutdown thread, which may wait: gives the close frames time to leave. */
    private void awaitClosed() {
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (connections.listAll().stream().anyMatch(WebSocketConnection::isOpen) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
