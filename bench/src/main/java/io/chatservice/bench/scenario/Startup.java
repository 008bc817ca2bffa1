package io.chatservice.bench.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.Member;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/** Start-up: from starting the process to its first accepted WebSocket, and the resident memory it then idles at. */
public final class Startup {

    public record StartupFigures(String server, double millis, long rssKiB) {

        public String line() {
            return String.format(Locale.ROOT, "%-22s %-8s first WebSocket after %7.0f ms  idle RSS %7.1f MiB",
                    "startup", server, millis, rssKiB / 1024.0);
        }
    }

    private final Env env;

    public Startup(Env env) {
        this.env = env;
    }

    /** @return median of {@code runs} starts */
    public StartupFigures run(ServerSpec spec, int runs) throws IOException, InterruptedException {
        List<Double> millis = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        try (LoadClient probe = new LoadClient(1, Env.loopback())) {
            for (int i = 0; i < runs; i++) {
                ServerProcess server = ServerProcess.start(spec, ServerSpec.Channel.GROUP, env.nextPortForStartup(),
                        new java.io.File(env.logDir(), "startup-" + spec.name() + ".log"));
                try {
                    double ms = awaitFirstWebSocket(probe, server, spec, ServerSpec.Channel.GROUP, 120);
                    Thread.sleep(2000);
                    millis.add(ms);
                    rss.add(server.rssKiB());
                } finally {
                    server.close();
                }
            }
        }
        millis.sort(null);
        rss.sort(null);
        return new StartupFigures(spec.name(), millis.get(millis.size() / 2), rss.get(rss.size() / 2));
    }

    /** Polls every 5 ms; @return milliseconds from process start to the first accepted WebSocket, or -1 */
    static double awaitFirstWebSocket(LoadClient probe, ServerProcess server, ServerSpec spec, ServerSpec.Channel channel,
            int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && server.isAlive()) {
            List<Member> opened = probe.connect(Env.HOST, server.port(), 1, i -> "probe",
                    i -> Env.probePath(spec, channel), 5);
            if (!opened.isEmpty()) {
                double ms = (System.nanoTime() - server.startNanos()) / 1e6;
                opened.forEach(Member::close);
                return ms;
            }
            Thread.sleep(5);
        }
        return -1;
    }
}
