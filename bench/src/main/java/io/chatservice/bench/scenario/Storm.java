package io.chatservice.bench.scenario;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.StormClient;
import io.chatservice.bench.server.Proc;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * A reconnect storm: what a server does when every client comes back at once, as after a restart. A fresh server
 * takes a smaller storm first (its JIT warms up, as it would on the first clients of a rolling restart), then the
 * measured one: {@code connections} distinct users opened all at once from several client processes, each on its
 * own 127.0.0.x, either each on the private channel ({@code /privateChat/<name>}) or all into one room
 * ({@code /groupchat/<name>/<room>}).
 * <p>
 * A client is ready when it can chat: on the service, a private connection on its {@code welcome} and a room's on the
 * room's {@code presence} frame (both come after the name is proven); on a peer that sends nothing in a storm, as
 * soon as it is open. The figures: first connect to last ready, refusals and time-outs, the server's CPU per
 * connection from the go to the end of the count, and the bytes and frames the clients received per connection until
 * {@code quietSeconds} after the last was ready (so that presence sent after the ready frame is in them).
 */
public final class Storm {

    public enum Kind {
        PRIVATE, ROOM
    }

    public record Config(Kind kind, int connections, int clientProcesses, int warmUp, int timeoutSeconds,
            int quietSeconds) {

        public String scenario() {
            return kindName() + "-" + connections;
        }

        /** {@code storm-private} or {@code storm-room}: what {@code --scenarios} names one case by. */
        public String kindName() {
            return kind == Kind.PRIVATE ? "storm-private" : "storm-room";
        }
    }

    public record StormFigures(String scenario, String server, int target, long ready, long refused, long timedOut,
            double seconds, double cpuSeconds, long frames, long bytes) {

        public double cpuMicrosPerConnection() {
            return ready == 0 ? Double.NaN : cpuSeconds * 1e6 / ready;
        }

        public double framesPerConnection() {
            return ready == 0 ? Double.NaN : (double) frames / ready;
        }

        public double bytesPerConnection() {
            return ready == 0 ? Double.NaN : (double) bytes / ready;
        }

        public String line() {
            return String.format(Locale.ROOT,
                    "%-22s %-8s ready %6d/%6d in %7.2f s  refused %5d  timed out %5d  server CPU %7.2f s "
                            + "(%8.1f µs/conn)  to clients %9.1f B/conn in %8.1f frames/conn",
                    scenario, server, ready, target, seconds, refused, timedOut, cpuSeconds, cpuMicrosPerConnection(),
                    bytesPerConnection(), framesPerConnection());
        }
    }

    private static final String ROOM = "storm";

    private final Env env;

    public Storm(Env env) {
        this.env = env;
    }

    /**
     * @param spec a server that sends nothing in a storm but what the service sends (the Node peer without presence),
     *        or the service
     */
    public StormFigures run(ServerSpec spec, Config config) throws IOException, InterruptedException {
        StormClient.Ready ready = !spec.keyedNames() ? StormClient.Ready.OPEN
                : config.kind() == Kind.PRIVATE ? StormClient.Ready.WELCOME : StormClient.Ready.PRESENCE;
        ServerSpec.Channel channel = config.kind() == Kind.PRIVATE ? ServerSpec.Channel.PRIVATE
                : ServerSpec.Channel.GROUP;
        try (LoadClient probe = new LoadClient(1, Env.loopback());
                ServerProcess server = env.start(spec, channel, probe, config.scenario())) {
            if (config.warmUp() > 0) {
                // Its own room and names, closed before the storm: the measured room starts empty.
                storm(server, config, config.warmUp(), "w", ROOM + "w", ready);
                Thread.sleep(config.quietSeconds() * 1000L); // its closes and leave notices are not the storm's
            }
            return storm(server, config, config.connections(), "s", ROOM, ready).figures(config.scenario(),
                    spec.name(), config.connections());
        }
    }

    private record Outcome(long ready, long refused, long timedOut, long first, long last, long cpuTicks, long frames,
            long bytes) {

        StormFigures figures(String scenario, String server, int target) {
            return new StormFigures(scenario, server, target, ready, refused, timedOut,
                    last > first ? (last - first) / 1e9 : Double.NaN, cpuTicks / (double) Proc.TICKS_PER_SECOND,
                    frames, bytes);
        }
    }

    private Outcome storm(ServerProcess server, Config config, int connections, String prefix, String room,
            StormClient.Ready ready) throws IOException, InterruptedException {
        int processes = config.clientProcesses();
        List<Process> clients = new ArrayList<>();
        try {
            List<BufferedReader> outs = new ArrayList<>();
            List<Writer> ins = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                int first = connections * p / processes;
                int count = connections * (p + 1) / processes - first;
                Process c = new ProcessBuilder("bash", "-c", "ulimit -Sn $(ulimit -Hn) && exec \"$0\" \"$@\"",
                        System.getProperty("java.home") + "/bin/java", "-Xmx1g", "-cp", env.benchJar(),
                        StormClient.class.getName(), Env.HOST, Integer.toString(server.port()), "127.0.0." + (p + 2),
                        prefix, Integer.toString(first), Integer.toString(count),
                        config.kind() == Kind.PRIVATE ? "-" : room, ready.name(),
                        Integer.toString(config.timeoutSeconds()))
                        .redirectError(new File(env.logDir(), config.scenario() + "-" + server.name() + "-" + prefix
                                + "-client" + p + ".log")).start();
                clients.add(c);
                outs.add(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)));
                ins.add(new OutputStreamWriter(c.getOutputStream(), StandardCharsets.UTF_8));
            }
            for (BufferedReader out : outs) {
                if (!"armed".equals(out.readLine())) {
                    throw new IOException("a storm client did not start");
                }
            }
            long cpuBefore = server.cpuTicks();
            for (Writer in : ins) {
                in.write("go\n");
                in.flush();
            }
            long ok = 0;
            long refused = 0;
            long timedOut = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (BufferedReader out : outs) {
                String[] f = line(out, "ready");
                ok += Long.parseLong(f[1]);
                refused += Long.parseLong(f[3]);
                timedOut += Long.parseLong(f[5]);
                first = Math.min(first, Long.parseLong(f[7]));
                if (Long.parseLong(f[1]) > 0) {
                    last = Math.max(last, Long.parseLong(f[9]));
                }
            }
            // What the server still sends after the last ready frame (presence, join notices) belongs to the storm.
            Thread.sleep(config.quietSeconds() * 1000L);
            long cpu = server.cpuTicks() - cpuBefore;
            long frames = 0;
            long bytes = 0;
            for (int p = 0; p < processes; p++) {
                ins.get(p).write("stop\n");
                ins.get(p).flush();
            }
            for (BufferedReader out : outs) {
                String[] f = line(out, "frames");
                frames += Long.parseLong(f[1]);
                bytes += Long.parseLong(f[3]);
            }
            for (Process c : clients) {
                c.waitFor(30, TimeUnit.SECONDS);
            }
            return new Outcome(ok, refused, timedOut, first, last, cpu, frames, bytes);
        } finally {
            for (Process c : clients) {
                c.destroy();
                if (!c.waitFor(10, TimeUnit.SECONDS)) {
                    c.destroyForcibly();
                }
            }
        }
    }

    private static String[] line(BufferedReader out, String prefix) throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(prefix + " ")) {
            throw new IOException("a storm client said " + line + ", not " + prefix);
        }
        return line.split(" ");
    }
}
