package io.chatservice.support;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} (Debian's, which {@code src/test/redis/ensure-redis.sh} installs) as its own process on
 * a free loopback port, so that a test can do to Redis what production does to it: kill it, restart it, make it drop
 * its pub/sub clients. Nothing is persisted: a restart comes back empty. A system Redis on 6379, if any, is never used.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     ServiceProcess.start(Map.of("chat.broker", "redis", "quarkus.redis.hosts", redis.uri()));
 *     redis.cli("CLIENT", "KILL", "TYPE", "pubsub");
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /**
     * Starts a server with the extra arguments given (e.g. {@code "--cluster-enabled", "yes"}), in a temp directory of
     * its own, and returns once it answers PING.
     */
    public static RedisServer start(String... extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisServer server = new RedisServer(LoopbackPorts.take(), dir, List.of(extraArgs));
        try {
            server.launch();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** Its address in the form {@code quarkus.redis.hosts} takes. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    /** Shuts it down (SIGTERM, SIGKILL after a few seconds) and deletes its directory. */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.stop(process, STOP_GRACE);
            process = null;
        }
        deleteDirectory();
    }

    @Override
    public void close() {
        stop();
    }

    /** SIGKILL, as a crash would end it: clients see their connections reset. {@link #restart()} brings it back. */
    public synchronized void kill() {
        if (process != null) {
            ChildProcesses.kill(process);
        }
    }

    /**
     * Kills it (if it still runs) and starts it again on the same port, with the same arguments, returning once it
     * answers PING. Its data is gone; a cluster node keeps its slots (its {@code nodes.conf} is kept).
     */
    public synchronized void restart() {
        kill();
        launch();
    }

    /**
     * Runs {@code redis-cli -p <port> args...} against this server alone (no {@code -c}: cluster redirects are not
     * followed) and gives its output, trimmed, e.g. {@code cli("PUBSUB", "CHANNELS")}. An error reply comes back as
     * redis-cli prints it ({@code ERR ...}); only failing to reach the server throws.
     */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", HOST, "-p", String.valueOf(port)));
        command.addAll(Arrays.asList(args));
        return ChildProcesses.run(command, CLI_TIMEOUT);
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        Process started = ChildProcesses.start(command, log());
        process = started;
        try {
            await("redis-server on port " + port + " answers PING").atMost(READY).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20)).failFast("redis-server exited", () -> !started.isAlive())
                    .until(this::answersPing);
        } catch (RuntimeException e) {
            ChildProcesses.kill(started);
            throw new IllegalStateException("redis-server on port " + port + " did not start (" + e.getMessage()
                    + "); its log ends:\n" + ChildProcesses.tail(log()), e);
        }
    }

    /** PING over a raw socket: cheaper than a redis-cli process per poll. A loading server answers -LOADING. */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(US_ASCII));
            return "+PONG\r\n".equals(new String(socket.getInputStream().readNBytes(7), US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private Path log() {
        return dir.resolve("redis.log");
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temp directory left behind does no harm
        }
    }
}
