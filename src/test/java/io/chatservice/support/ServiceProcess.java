package io.chatservice.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service run as its own process, as a container runtime runs it: the native executable where the build
 * made one (failsafe names it in {@code native.image.path}), {@code target/quarkus-app/quarkus-run.jar} otherwise. For
 * the tests that signal or kill the process, or run several nodes side by side; run them after {@code package}.
 *
 * <pre>{@code
 * try (ServiceProcess node = ServiceProcess.start(Map.of("chat.broker", "redis",
 *         "quarkus.redis.hosts", redis.uri()))) {
 *     ChatClient alice = ChatClient.connect(vertx, node.ws("/groupchat/alice"));
 * }
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY = Duration.ofSeconds(60);
    /** The pod's terminationGracePeriodSeconds: what {@link #stop()} allows before SIGKILL. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts it with no settings of its own beyond those {@link #start(Map)} always adds. */
    public static ServiceProcess start() {
        return start(Map.of());
    }

    /**
     * Starts it with these system properties, on a free port, and returns once {@code /q/health/ready} answers 200.
     * Upgrades, the rooms an address opens and claims are not rate-limited
     * ({@code chat.limits.upgrade-rate-per-address=0}, {@code room-joins-per-address=0},
     * {@code claims-per-address=0}, as in every test) unless the properties say otherwise; the port
     * ({@code quarkus.http.port}) is always the one chosen here.
     */
    public static ServiceProcess start(Map<String, String> properties) {
        return start(properties, List.of());
    }

    /**
     * As {@link #start(Map)}, with options for the JVM (or the native executable's runtime) such as {@code -Xmx576m},
     * the container's heap. A JVM given none gets those that make it start quickly ({@link ServiceJvm}).
     */
    public static ServiceProcess start(Map<String, String> properties, List<String> runtimeOptions) {
        int port = LoopbackPorts.take();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("chat.limits.upgrade-rate-per-address", "0");
        all.put("chat.limits.claims-per-address", "0");
        all.put("chat.limits.room-joins-per-address", "0");
        all.putAll(properties);
        all.put("quarkus.http.port", String.valueOf(port));
        Path log = newLog(port);
        ServiceProcess service = new ServiceProcess(port, ChildProcesses.start(command(all, runtimeOptions), log), log);
        try {
            await("the service on port " + port + " is ready").atMost(READY).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).failFast("the service exited", () -> !service.isAlive())
                    .until(() -> service.status("/q/health/ready") == 200);
        } catch (RuntimeException e) {
            service.kill();
            throw new IllegalStateException("the service on port " + port + " did not get ready (" + e.getMessage()
                    + "); its log ends:\n" + ChildProcesses.tail(log), e);
        }
        return service;
    }

    private static List<String> command(Map<String, String> properties, List<String> runtimeOptions) {
        List<String> command = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
            command.add(nativeImage);
            command.addAll(runtimeOptions);
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            return command;
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run after package");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServiceJvm.options(runtimeOptions));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private static Path newLog(int port) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "service-logs"));
            return Files.createTempFile(logs, "service-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port><path>}; the path starts with a slash. */
    public URI uri(String path) {
        return URI.create("http://" + HOST + ":" + port + path);
    }

    /** {@code ws://127.0.0.1:<port><path>}, for {@link ChatClient#connect}. */
    public URI ws(String path) {
        return URI.create("ws://" + HOST + ":" + port + path);
    }

    /** The status of a GET, or -1 where there is no answer (refused, reset, or none within two seconds). */
    public int status(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of a GET that answers 200; any other answer, or none, throws. */
    public String get(String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri(path), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri(path), e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri(path) + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).build();
    }

    /**
     * SIGTERM without waiting, as a container runtime begins a shutdown: the service drains, and the test watches it
     * do so, then {@link #awaitExit}.
     */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the process to exit; true if it did. */
    public boolean awaitExit(Duration timeout) {
        return ChildProcesses.waitFor(process, timeout);
    }

    /** SIGTERM, then SIGKILL if it has not exited within the 30 s a pod is given. Returns once it has exited. */
    public void stop() {
        ChildProcesses.stop(process, STOP_GRACE);
    }

    /**
     * Ends it at once ({@link #kill()}): the clean-up after a test. A graceful stop waits out the shutdown delay and
     * timeout (up to ten seconds as packaged) and proves nothing unless a test watches it, which such a test does
     * with {@link #stop()} or {@link #terminate()}.
     */
    @Override
    public void close() {
        kill();
    }

    /** SIGKILL at once (a crash, an OOM kill): no drain, clients see their connections reset. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its stdout and stderr, kept under {@code target/service-logs} after it exits. */
    public Path log() {
        return log;
    }
}
