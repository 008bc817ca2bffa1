package io.chatservice.bench.scenario;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/** What every scenario shares: the loopback host, fresh ports, the log directory, and how to start a server. */
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
        int port = nextPort.getAndIncrement();
        ServerProcess server = ServerProcess.start(spec, channel, port,
                new File(logDir, scenario + "-" + spec.name() + ".log"));
        if (Startup.awaitFirstWebSocket(probe, server, spec, channel, 120) < 0) {
            server.close();
            throw new IOException(spec.name() + " did not accept a WebSocket within 120 s");
        }
        return server;
    }

    int nextPortForStartup() {
        return nextPort.getAndIncrement();
    }

    static String probePath(ServerSpec spec, ServerSpec.Channel channel) {
        return channel == ServerSpec.Channel.GROUP ? "/groupchat/probe" : "/privateChat/probe";
    }

    static List<String> loopback() {
        return List.of(HOST);
    }
}
