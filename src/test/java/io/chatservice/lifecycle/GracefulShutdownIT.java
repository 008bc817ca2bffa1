package io.chatservice.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.Vertx;

/**
 * SIGTERM to the packaged service: readiness goes DOWN, new connections are refused, every client is told 1001
 * (going away), and the process exits within the grace period. Runs the packaged service as its own process, as a
 * container runtime would.
 */
class GracefulShutdownIT {

    /** The pod's terminationGracePeriodSeconds. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private Vertx vertx;
    private ServiceProcess service;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        service = ServiceProcess.start();
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.kill();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private ChatClient connect(String path) {
        return ChatClient.connect(vertx, service.ws(path));
    }

    @Test
    void sigtermClosesEveryConnectionWithGoingAwayAndExitsInTime() {
        ChatClient alice = connect("/groupchat/alice");
        ChatClient bob = connect("/privateChat/bob");
        alice.awaitType("presence");
        bob.awaitType("presence");

        service.terminate();

        assertEquals(CloseCodes.GOING_AWAY, alice.awaitClose());
        assertEquals(CloseCodes.GOING_AWAY, bob.awaitClose());
        assertEquals(503, service.status("/q/health/ready"), "not ready while draining");
        assertThrows(AssertionError.class, () -> connect("/groupchat/carol"), "no new connections while draining");
        assertTrue(service.awaitExit(GRACE), "exited within the grace period");
    }
}
