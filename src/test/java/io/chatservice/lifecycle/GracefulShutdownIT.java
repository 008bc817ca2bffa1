package io.chatservice.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
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
    private Process service;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("graceful-shutdown-", ".log");
        service = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/q/health/ready") == 200);
    }

    /** The native executable where the build made one (failsafe names it), the jar otherwise. */
    private List<String> command() {
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
            return List.of(nativeImage, "-Dquarkus.http.port=" + port);
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertTrue(Files.exists(jar), "run after package: " + jar);
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-jar", jar.toString());
    }

    @AfterEach
    void stop() {
        if (service.isAlive()) {
            service.destroyForcibly();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private int status(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private ChatClient connect(String path) {
        return ChatClient.connect(vertx, URI.create("ws://127.0.0.1:" + port + path));
    }

    @Test
    void sigtermClosesEveryConnectionWithGoingAwayAndExitsInTime() throws Exception {
        ChatClient alice = connect("/groupchat/alice");
        ChatClient bob = connect("/privateChat/bob");
        alice.awaitType("presence");
        bob.awaitType("presence");

        service.destroy(); // SIGTERM

        assertEquals(CloseCodes.GOING_AWAY, alice.awaitClose());
        assertEquals(CloseCodes.GOING_AWAY, bob.awaitClose());
        assertEquals(503, status("/q/health/ready"), "not ready while draining");
        assertThrows(AssertionError.class, () -> connect("/groupchat/carol"), "no new connections while draining");
        assertTrue(service.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS), "exited within the grace period");
    }
}
