package io.chatservice.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.server.RedisPing;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * What every scenario shares: the loopback host, fresh ports, the log directory, and how to start a server (and the
 * Redis a cluster of the service runs on).
 */
public final class Env {

    public static final String HOST = "127.0.0.1";

    private final File logDir;
    private final AtomicInteger nextPort;
    private final String benchJar;

    public Env(File logDir, int firstPort, String benchJar) {
        this.logDir = logDir;
        this.nextPort = new AtomicInteger(firstPort);
        this.benchJar = benchJar;
    }

    public String benchJar() {
        return benchJar;
    }

    public File logDir() {
        return logDir;
    }

    /** Starts the server on a port of its own and waits until it accepts a WebSocket. */
    public ServerProcess start(ServerSpec spec, ServerSpec.Channel channel, LoadClient probe, String scenario)
            throws IOException, InterruptedException {
        int port = freePort();
        ServerProcess server = ServerProcess.start(spec, channel, port,
                new File(logDir, scenario + "-" + spec.name() + ".log"));
        if (Startup.awaitFirstWebSocket(probe, server, spec, channel, 120) < 0) {
            server.close();
            throw new IOException(spec.name() + " did not accept a WebSocket within 120 s");
        }
        return server;
    }

    /**
     * Starts the service and waits until it accepts a WebSocket and its readiness is UP: a node of a cluster admits
     * nobody before it has reached Redis.
     */
    public ServerProcess startReady(ServerSpec spec, LoadClient probe, String scenario)
            throws IOException, InterruptedException {
        ServerProcess server = start(spec, ServerSpec.Channel.GROUP, probe, scenario);
        if (!awaitReady(server, 60)) {
            server.close();
            throw new IOException(spec.name() + " was not ready within 60 s");
        }
        return server;
    }

    /** Starts Redis on a port of its own and waits until it answers a PING. */
    public ServerProcess startRedis(ServerSpec redis, String scenario) throws IOException, InterruptedException {
        ServerProcess server = ServerProcess.start(redis, ServerSpec.Channel.GROUP, freePort(),
                new File(logDir, scenario + "-" + redis.name() + ".log"));
        if (!RedisPing.await(server, HOST, 30)) {
            server.close();
            throw new IOException(redis.name() + " did not answer a PING within 30 s");
        }
        return server;
    }

    private static boolean awaitReady(ServerProcess server, int timeoutSeconds) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + server.port() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // Not listening yet, or busy: ask again.
            }
            Thread.sleep(50);
        }
        return false;
    }

    int nextPortForStartup() {
        return freePort();
    }

    /** The next port from the first that nothing listens on just now (another run of the benchmark, say). */
    private int freePort() {
        while (true) {
            int port = nextPort.getAndIncrement();
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
                return port;
            } catch (IOException e) {
                // Taken: try the next.
            }
        }
    }

    static String probePath(ServerSpec spec, ServerSpec.Channel channel) {
        return channel == ServerSpec.Channel.GROUP ? "/groupchat/probe" : "/privateChat/probe";
    }

    static List<String> loopback() {
        return List.of(HOST);
    }
}
