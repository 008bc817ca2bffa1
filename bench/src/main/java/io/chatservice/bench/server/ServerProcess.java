package io.chatservice.bench.server;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, running as its own process. Its file-descriptor limit is raised to the hard limit first
 * (through the shell, so that the process keeps the pid this object reads /proc with). Every process started here is
 * killed when the runner exits, however it exits.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final long startNanos;
    private final int port;

    private ServerProcess(String name, Process process, long startNanos, int port) {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
        this.port = port;
    }

    public static ServerProcess start(ServerSpec spec, ServerSpec.Channel channel, int port, File log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -Sn $(ulimit -Hn) && exec \"$0\" \"$@\""));
        command.addAll(spec.command(channel, port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The seed prints its whole socket dictionary on every connect: quadratic output, worth keeping out of a file.
        builder.redirectOutput(spec.seedPaths() ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log));
        long start = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        return new ServerProcess(spec.name(), process, start, port);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public long startNanos() {
        return startNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long cpuTicks() {
        return Proc.cpuTicks(pid());
    }

    public long rssKiB() {
        return Proc.rssKiB(pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LIVE.remove(process);
    }
}
