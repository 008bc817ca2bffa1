package io.chatservice.bench.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.server.JvmHeap;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * Idle capacity: as many connections as one process may hold, opened from several client processes; the server's
 * resident memory and (for a JVM) live heap per connection, and whether all are still open after {@code holdSeconds}.
 */
public final class Idle {

    public record Config(int connections, int clientProcesses, int holdSeconds, int openSeconds) {
    }

    public record IdleFigures(String server, int target, long opened, long stillOpen, int holdSeconds,
            long rssBeforeKiB, long rssAfterKiB, long heapBeforeKiB, long heapAfterKiB) {

        double rssPerConnectionKiB() {
            return opened == 0 ? Double.NaN : (double) (rssAfterKiB - rssBeforeKiB) / opened;
        }

        double heapPerConnectionKiB() {
            return opened == 0 || heapAfterKiB < 0 ? Double.NaN : (double) (heapAfterKiB - heapBeforeKiB) / opened;
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "%-22s %-8s opened %6d/%6d  open after %ds %6d  RSS %7.1f MiB (%5.2f KiB/conn)  heap %s  (before: RSS %.1f MiB, heap %.1f MiB)",
                    "idle-" + target, server, opened, target, holdSeconds, stillOpen, rssAfterKiB / 1024.0,
                    rssPerConnectionKiB(), heapAfterKiB < 0 ? "n/a"
                            : String.format(Locale.ROOT, "%7.1f MiB (%5.2f KiB/conn)", heapAfterKiB / 1024.0,
                                    heapPerConnectionKiB()), rssBeforeKiB / 1024.0, heapBeforeKiB / 1024.0);
        }
    }

    private final Env env;

    public Idle(Env env) {
        this.env = env;
    }

    public IdleFigures run(ServerSpec spec, Config config) throws IOException, InterruptedException {
        try (LoadClient probe = new LoadClient(1, Env.loopback());
                ServerProcess server = env.start(spec, ServerSpec.Channel.GROUP, probe, "idle")) {
            Thread.sleep(2000);
            long heapBefore = spec.jvm() ? JvmHeap.usedAfterFullGcKiB(server.pid()) : -1;
            long rssBefore = server.rssKiB();
            List<Process> clients = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            int per = config.connections() / config.clientProcesses();
            try {
                for (int p = 0; p < config.clientProcesses(); p++) {
                    Process c = new ProcessBuilder("bash", "-c", "ulimit -Sn $(ulimit -Hn) && exec \"$0\" \"$@\"",
                            System.getProperty("java.home") + "/bin/java", "-Xmx1g", "-cp", env.benchJar(),
                            "io.chatservice.bench.client.IdleClient", Env.HOST, Integer.toString(server.port()),
                            Integer.toString(p * per), Integer.toString(per), "127.0.0." + (p + 2),
                            Boolean.toString(spec.seedPaths()), Integer.toString(config.holdSeconds()),
                            Integer.toString(config.openSeconds()), Boolean.toString(spec.keyedNames()))
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    clients.add(c);
                    outputs.add(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)));
                }
                long opened = 0;
                for (BufferedReader out : outputs) {
                    opened += number(out.readLine(), "opened ");
                }
                // Settle, then measure well inside the clients' hold (they close everything when it ends).
                Thread.sleep(3000);
                long rssAfter = server.rssKiB();
                long heapAfter = spec.jvm() ? JvmHeap.usedAfterFullGcKiB(server.pid()) : -1;
                long stillOpen = 0;
                for (BufferedReader out : outputs) {
                    stillOpen += number(out.readLine(), "open ");
                }
                return new IdleFigures(spec.name(), per * config.clientProcesses(), opened, stillOpen,
                        config.holdSeconds(), rssBefore, rssAfter, heapBefore, heapAfter);
            } finally {
                for (Process c : clients) {
                    c.destroy();
                    if (!c.waitFor(10, TimeUnit.SECONDS)) {
                        c.destroyForcibly();
                    }
                }
            }
        }
    }

    private static long number(String line, String prefix) {
        return line != null && line.startsWith(prefix) ? Long.parseLong(line.substring(prefix.length()).trim()) : 0;
    }
}
