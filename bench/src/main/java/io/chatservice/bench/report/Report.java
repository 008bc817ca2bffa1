package io.chatservice.bench.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.chatservice.bench.scenario.ClusterFigures;
import io.chatservice.bench.scenario.Figures;
import io.chatservice.bench.scenario.History;
import io.chatservice.bench.scenario.Idle;
import io.chatservice.bench.scenario.Startup;
import io.chatservice.bench.scenario.Storm;

/**
 * Collects every printed line and writes them out as Markdown: one table per kind of figure, then the service's
 * figures as ratios to every other server measured in the same run, and the cluster's as ratios to the single node.
 */
public final class Report {

    private final String subject;
    private final List<Figures> figures = new ArrayList<>();
    private final List<Idle.IdleFigures> idle = new ArrayList<>();
    private final List<Startup.StartupFigures> startup = new ArrayList<>();
    private final List<ClusterFigures> cluster = new ArrayList<>();
    private final List<History.HistoryFigures> history = new ArrayList<>();
    private final List<Storm.StormFigures> storms = new ArrayList<>();

    public Report(String subject) {
        this.subject = subject;
    }

    public synchronized void add(Figures f) {
        figures.add(f);
        System.out.println(f.line());
    }

    public synchronized void add(Idle.IdleFigures f) {
        idle.add(f);
        System.out.println(f.line());
    }

    public synchronized void add(Startup.StartupFigures f) {
        startup.add(f);
        System.out.println(f.line());
    }

    /** The cluster's comparison; its two {@link Figures} are added on their own as they come. */
    public synchronized void add(ClusterFigures f) {
        cluster.add(f);
        System.out.println(f.line());
    }

    public synchronized void add(History.HistoryFigures f) {
        history.add(f);
        System.out.println(f.line());
    }

    public synchronized void add(Storm.StormFigures f) {
        storms.add(f);
        System.out.println(f.line());
    }

    public synchronized void note(String line) {
        System.out.println(line);
    }

    public List<Figures> figures() {
        return figures;
    }

    public void write(Path markdown) throws IOException {
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(markdown, StandardCharsets.UTF_8))) {
            out.println("## Printed lines\n\n```");
            figures.forEach(f -> out.println(f.line()));
            idle.forEach(f -> out.println(f.line()));
            startup.forEach(f -> out.println(f.line()));
            cluster.forEach(f -> out.println(f.line()));
            history.forEach(f -> out.println(f.line()));
            storms.forEach(f -> out.println(f.line()));
            out.println("```\n");
            messageTable(out);
            idleTable(out);
            startupTable(out);
            ratios(out);
            clusterTable(out);
            historyTable(out);
            stormTable(out);
        }
    }

    private void messageTable(PrintWriter out) {
        out.println("## Fan-out and private messages\n");
        out.println("| scenario | server | delivered | deliveries/s | messages/s | p50 ms | p99 ms | max ms "
                + "| server CPU µs/delivery | server CPU µs/message | server CPU | client CPU | other processes' CPU |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Figures f : figures) {
            out.printf(Locale.ROOT, "| %s | %s | %d/%d (%.2f%%) | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.0f%% "
                    + "| %.0f%% |%n",
                    f.scenario(), f.server(), f.delivered(), f.expected(), f.deliveredFraction() * 100,
                    f.deliveriesPerSecond(), f.messagesPerSecond(), f.p50Ms(), f.p99Ms(), f.maxMs(),
                    f.cpuMicrosPerDelivery(), f.cpuMicrosPerMessage(), f.serverCpuPercent(), f.clientCpuPercent(),
                    f.othersCpuPercent());
        }
        out.println();
    }

    private void idleTable(PrintWriter out) {
        if (idle.isEmpty()) {
            return;
        }
        out.println("## Idle capacity\n");
        out.println("| server | opened | still open after hold | RSS MiB | RSS KiB/connection | heap after full GC MiB "
                + "| heap KiB/connection |");
        out.println("|---|---|---|---|---|---|---|");
        for (Idle.IdleFigures f : idle) {
            out.printf(Locale.ROOT, "| %s | %d/%d | %d (%d s) | %.1f | %.2f | %s | %s |%n", f.server(), f.opened(),
                    f.target(), f.stillOpen(), f.holdSeconds(), f.rssAfterKiB() / 1024.0, perConn(f.rssAfterKiB(),
                            f.rssBeforeKiB(), f.opened()),
                    f.heapAfterKiB() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", f.heapAfterKiB() / 1024.0),
                    f.heapAfterKiB() < 0 ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", perConn(f.heapAfterKiB(), f.heapBeforeKiB(), f.opened())));
        }
        out.println();
    }

    private static double perConn(long after, long before, long opened) {
        return opened == 0 ? Double.NaN : (double) (after - before) / opened;
    }

    private void startupTable(PrintWriter out) {
        if (startup.isEmpty()) {
            return;
        }
        out.println("## Start-up\n");
        out.println("| server | process start to first accepted WebSocket, ms | idle RSS MiB |");
        out.println("|---|---|---|");
        startup.forEach(f -> out.printf(Locale.ROOT, "| %s | %.0f | %.1f |%n", f.server(), f.millis(),
                f.rssKiB() / 1024.0));
        out.println();
    }

    /** x < 1 means the service needs less (CPU, latency, memory) or, for throughput, does less. */
    private void ratios(PrintWriter out) {
        out.println("## The service as a ratio to each peer (same run)\n");
        out.println("Lower is better for CPU, latency, memory and start-up; higher is better for deliveries and messages per"
                + " second.\n");
        out.println("| scenario | figure | vs floor | vs node-ws | vs seed |");
        out.println("|---|---|---|---|---|");
        Map<String, Map<String, Figures>> byScenario = new LinkedHashMap<>();
        figures.forEach(f -> byScenario.computeIfAbsent(f.scenario(), k -> new LinkedHashMap<>()).put(f.server(), f));
        byScenario.forEach((scenario, servers) -> {
            Figures mine = servers.get(subject);
            if (mine == null || scenario.startsWith("cluster-")) { // no peer runs a cluster: see clusterTable
                return;
            }
            if (scenario.startsWith("private")) {
                // The seed delivers a private message once, the others twice: compare per message.
                ratioRow(out, scenario, "CPU µs/message", mine, servers, Figures::cpuMicrosPerMessage);
                ratioRow(out, scenario, "messages/s", mine, servers, Figures::messagesPerSecond);
            } else {
                ratioRow(out, scenario, "CPU µs/delivery", mine, servers, Figures::cpuMicrosPerDelivery);
                ratioRow(out, scenario, "deliveries/s", mine, servers, Figures::deliveriesPerSecond);
            }
            ratioRow(out, scenario, "p99 latency", mine, servers, Figures::p99Ms);
        });
        Idle.IdleFigures myIdle = idle.stream().filter(f -> f.server().equals(subject)).findFirst().orElse(null);
        if (myIdle != null) {
            Map<String, Idle.IdleFigures> peers = new LinkedHashMap<>();
            idle.forEach(f -> peers.put(f.server(), f));
            out.printf("| idle | RSS KiB/connection | %s | %s | %s |%n",
                    ratio(myIdle, peers.get("floor"), Report::rssPerConn), ratio(myIdle, peers.get("node-ws"), Report::rssPerConn),
                    ratio(myIdle, peers.get("seed"), Report::rssPerConn));
        }
        Startup.StartupFigures myStart = startup.stream().filter(f -> f.server().equals(subject)).findFirst().orElse(null);
        if (myStart != null) {
            Map<String, Startup.StartupFigures> peers = new LinkedHashMap<>();
            startup.forEach(f -> peers.put(f.server(), f));
            out.printf("| startup | time to first WebSocket | %s | %s | %s |%n",
                    ratio(myStart, peers.get("floor"), Startup.StartupFigures::millis),
                    ratio(myStart, peers.get("node-ws"), Startup.StartupFigures::millis),
                    ratio(myStart, peers.get("seed"), Startup.StartupFigures::millis));
            out.printf("| startup | idle RSS | %s | %s | %s |%n",
                    ratio(myStart, peers.get("floor"), f -> f.rssKiB()),
                    ratio(myStart, peers.get("node-ws"), f -> f.rssKiB()),
                    ratio(myStart, peers.get("seed"), f -> f.rssKiB()));
        }
        out.println();
    }

    private void clusterTable(PrintWriter out) {
        if (cluster.isEmpty()) {
            return;
        }
        out.println("## The service as a cluster on Redis, as a ratio to one node (same run)\n");
        out.println("| scenario | delivered | p50 ms | p99 ms | p50/p99 ms, same node | p50/p99 ms, other node "
                + "| CPU µs/delivery, one node | CPU µs/delivery, cluster | of which nodes | of which Redis | Redis' share "
                + "| cluster / one node | p99 cluster / one node |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (ClusterFigures f : cluster) {
            Figures c = f.cluster();
            double nodes = 0;
            for (int k = 0; k < f.nodeCpuSeconds().length; k++) {
                nodes += f.nodeMicrosPerDelivery(k);
            }
            out.printf(Locale.ROOT, "| %s | %d/%d (%.2f%%) | %.2f | %.2f | %.2f/%.2f | %.2f/%.2f | %.2f | %.2f | %.2f | %.2f "
                    + "| %.0f%% | %.2fx (target ≤ %.2fx) | %.2fx |%n", c.scenario(), c.delivered(), c.expected(),
                    c.deliveredFraction() * 100, c.p50Ms(), c.p99Ms(), f.sameNodeP50Ms(), f.sameNodeP99Ms(),
                    f.crossNodeP50Ms(), f.crossNodeP99Ms(), f.single().cpuMicrosPerDelivery(), c.cpuMicrosPerDelivery(), nodes,
                    f.redisMicrosPerDelivery(), f.redisShare() * 100, f.cpuRatio(), ClusterFigures.TARGET_RATIO,
                    f.p99Ratio());
        }
        out.println();
    }

    private void historyTable(PrintWriter out) {
        if (history.isEmpty()) {
            return;
        }
        out.println("## History in memory\n");
        out.println("Live heap after a full GC, before and after the rooms' histories were filled; per message sent into"
                + " them.\n");
        out.println("| server | rooms × messages (chars each) | echoed to the sender | kept (REST) | heap before KiB "
                + "| heap after KiB | bytes/retained message |");
        out.println("|---|---|---|---|---|---|---|");
        for (History.HistoryFigures f : history) {
            out.printf(Locale.ROOT, "| %s | %d × %d (%d) | %d/%d | %s | %d | %d | %.1f |%n", f.server(), f.rooms(),
                    f.messagesPerRoom(), f.textChars(), f.echoed(), f.sent(), f.kept() < 0 ? "n/a" : Long.toString(f.kept()),
                    f.heapBeforeKiB(), f.heapAfterKiB(), f.bytesPerMessage());
        }
        out.println();
    }

    /** Each server's storm, and every other's as a ratio to the Node peer's in the same case (lower is better). */
    private void stormTable(PrintWriter out) {
        if (storms.isEmpty()) {
            return;
        }
        out.println("## Reconnect storm\n");
        out.println("Every connection opened at once; ready: the service's `welcome` (private) or the room's `presence`"
                + " (room), the Node peer's open connection (it sends no presence here). Ratios are to the Node peer"
                + " in the same case.\n");
        out.println("| scenario | server | ready | refused | timed out | first connect to last ready, s "
                + "| server CPU µs/connection | bytes/connection | frames/connection | time vs node-ws "
                + "| CPU vs node-ws |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Storm.StormFigures f : storms) {
            Storm.StormFigures node = storms.stream()
                    .filter(n -> n.scenario().equals(f.scenario()) && n.server().equals("node-ws"))
                    .findFirst().orElse(null);
            out.printf(Locale.ROOT, "| %s | %s | %d/%d | %d | %d | %.2f | %.1f | %.1f | %.2f | %s | %s |%n",
                    f.scenario(), f.server(), f.ready(), f.target(), f.refused(), f.timedOut(), f.seconds(),
                    f.cpuMicrosPerConnection(), f.bytesPerConnection(), f.framesPerConnection(),
                    f == node ? "—" : ratio(f, node, Storm.StormFigures::seconds),
                    f == node ? "—" : ratio(f, node, Storm.StormFigures::cpuMicrosPerConnection));
        }
        out.println();
    }

    private static double rssPerConn(Idle.IdleFigures f) {
        return perConn(f.rssAfterKiB(), f.rssBeforeKiB(), f.opened());
    }

    private static void ratioRow(PrintWriter out, String scenario, String figure, Figures mine,
            Map<String, Figures> servers, ToDoubleFunction<Figures> value) {
        out.printf("| %s | %s | %s | %s | %s |%n", scenario, figure, ratio(mine, servers.get("floor"), value),
                ratio(mine, servers.get("node-ws"), value), ratio(mine, servers.get("seed"), value));
    }

    private static <T> String ratio(T mine, T peer, ToDoubleFunction<T> value) {
        if (peer == null) {
            return "—";
        }
        double a = value.applyAsDouble(mine);
        double b = value.applyAsDouble(peer);
        if (!(b > 0) || Double.isNaN(a)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }
}
