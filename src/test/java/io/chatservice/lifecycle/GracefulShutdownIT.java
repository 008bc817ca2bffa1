package io.chatservice.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.CloseSpread;
import io.chatservice.support.ReturningClients;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.Vertx;

/**
 * SIGTERM to the packaged service: readiness goes DOWN, new connections are refused, every client is told 1001
 * (going away), a few at a time over the drain window, and the process exits within the grace period. Runs the packaged service as its own process, as a
 * container runtime would.
 */
class GracefulShutdownIT {

    /** The pod's terminationGracePeriodSeconds. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    /** chat.drain.window as packaged. */
    private static final Duration DRAIN_WINDOW = Duration.ofSeconds(4);

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

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ChatClient connect(String path) {
        return ChatClient.connect(vertx, service.ws(path));
    }

    @Test
    void sigtermSendsTheConnectionsAwaySpreadOverTheDrainWindow() {
        List<ServiceProcess> balanced = new CopyOnWriteArrayList<>(List.of(service));
        try (ReturningClients clients = new ReturningClients(() -> balanced, Duration.ofSeconds(1))) {
            List<ReturningClients.Client> all = IntStream.range(0, 40)
                    .mapToObj(i -> clients.connect(unique("user") + "-" + i)).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> all.stream().allMatch(ReturningClients.Client::isIn));
            balanced.clear(); // no other node to come back to

            service.terminate();

            await().atMost(GRACE).until(() -> all.stream().allMatch(c -> !c.closes().isEmpty()));
            for (ReturningClients.Client c : all) {
                assertEquals(CloseCodes.GOING_AWAY, c.closes().get(0).code(), c.user());
            }
            CloseSpread.assertSpreadOver(DRAIN_WINDOW, all.stream().map(c -> c.closes().get(0).at()).toList());
        }
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
