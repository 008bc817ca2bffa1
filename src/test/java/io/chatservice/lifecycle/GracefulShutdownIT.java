package io.chatservice.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.CloseSpread;
import io.chatservice.support.ReturningClients;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.Vertx;

/**
 * SIGTERM to the packaged service: readiness goes DOWN, new connections are refused, every client is told 1001
 * (going away), a few at a time over the drain window, and the process exits within the grace period. Runs the packaged service as its own process, as a
 * container runtime would. Each test has a process of its own and mostly waits on its shutdown: the tests run side by
 * side, while the other classes wait for this one as for any.
 */
class GracefulShutdownIT {

    /** The pod's terminationGracePeriodSeconds. */
    private static final Duration GRACE = Duration.ofSeconds(30);
    /** chat.drain.window and quarkus.shutdown.delay as packaged. */
    private static final Duration DRAIN_WINDOW = Duration.ofSeconds(4);
    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(5);

    private Vertx vertx;
    private ServiceProcess service;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    /** The packaged service, with its own settings but for those given. */
    private ServiceProcess start(Map<String, String> settings) {
        service = ServiceProcess.start(settings);
        return service;
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

    /** SIGTERM to a node with {@code count} clients; returns when each of them arrived at its first close. */
    private List<Long> closesOnSigterm(int count) {
        List<ServiceProcess> balanced = new CopyOnWriteArrayList<>(List.of(service));
        try (ReturningClients clients = new ReturningClients(() -> balanced, Duration.ofSeconds(1))) {
            List<ReturningClients.Client> all = IntStream.range(0, count)
                    .mapToObj(i -> clients.connect(unique("user") + "-" + i)).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> all.stream().allMatch(ReturningClients.Client::isIn));
            balanced.clear(); // no other node to come back to

            service.terminate();

            await().atMost(GRACE).until(() -> all.stream().allMatch(c -> !c.closes().isEmpty()));
            for (ReturningClients.Client c : all) {
                assertEquals(CloseCodes.GOING_AWAY, c.closes().get(0).code(), c.user());
            }
            return all.stream().map(c -> c.closes().get(0).at()).toList();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void sigtermSendsTheConnectionsAwaySpreadOverTheDrainWindow() {
        start(Map.of());

        CloseSpread.assertSpreadOver(DRAIN_WINDOW, closesOnSigterm(40));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aDrainWindowLongerThanTheShutdownDelayIsSpreadOverTheDelay() {
        // Over 30 s, two batches would go before the delay ends, and the server's stop would close the rest at once.
        start(Map.of("chat.drain.window", "30s"));

        CloseSpread.assertSpreadOver(SHUTDOWN_DELAY, closesOnSigterm(20));
        assertTrue(service.awaitExit(GRACE), "exited within the grace period");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void sigtermClosesEveryConnectionWithGoingAwayAndExitsInTime() {
        start(Map.of());
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
