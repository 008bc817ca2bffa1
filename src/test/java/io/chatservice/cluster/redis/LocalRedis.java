package io.chatservice.cluster.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A redis-server process on a free loopback port, for these tests only until {@code io.chatservice.support.RedisServer}
 * (branch redis-test-infra) is merged; the same calls, so that switching is a rename.
 */
final class LocalRedis {

    private final int port;
    private final String[] extraArgs;
    private Process process;

    private LocalRedis(int port, String[] extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
    }

    static LocalRedis start(String... extraArgs) {
        LocalRedis redis = new LocalRedis(freePort(), extraArgs);
        redis.launch();
        return redis;
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    void stop() {
        if (process != null && process.isAlive()) {
            cli("shutdown", "nosave");
            waitFor();
        }
    }

    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Stops it and starts it again on the same port. */
    void restart() {
        stop();
        launch();
    }

    /** Runs redis-cli against it and returns what it printed. */
    String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        try {
            // To a file, not a pipe: a long answer would fill the pipe and redis-cli would wait for it forever.
            Path output = Files.createTempFile("redis-cli", ".out");
            try {
                Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                        .start();
                if (!cli.waitFor(10, TimeUnit.SECONDS)) {
                    cli.destroyForcibly();
                    throw new IllegalStateException("redis-cli timed out: " + command);
                }
                return Files.readString(output, StandardCharsets.UTF_8).trim();
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no"));
        command.addAll(List.of(extraArgs));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is needed: apt-get install -y redis-server", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> "PONG".equals(cli("ping")));
    }

    private void waitFor() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
