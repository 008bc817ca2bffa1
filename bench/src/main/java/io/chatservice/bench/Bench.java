package io.chatservice.bench;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.chatservice.bench.report.LatencyChart;
import io.chatservice.bench.report.Report;
import io.chatservice.bench.scenario.Cluster;
import io.chatservice.bench.scenario.Env;
import io.chatservice.bench.scenario.Fanout;
import io.chatservice.bench.scenario.History;
import io.chatservice.bench.scenario.Idle;
import io.chatservice.bench.scenario.Lagging;
import io.chatservice.bench.scenario.PrivateChat;
import io.chatservice.bench.scenario.Startup;
import io.chatservice.bench.scenario.Storm;
import io.chatservice.bench.server.ServerSpec;

/**
 * Runs every scenario against every server, one server process at a time, and writes the figures. The cluster scenario
 * is the service's alone: it measures the service on one node and as a cluster of nodes on Redis, whatever
 * {@code --servers} says. The history scenario measures the service (if {@code --servers} has it) and its variants
 * only: the peers keep no history. The storm scenario measures the service, its variants and the Node peer (without
 * presence, as it would send a storm's worth of it); the floor and the seed have no names to admit. Options:
 * <pre>
 *   --service-jar PATH      the service to measure (quarkus-run.jar)
 *   --service-java PATH     the java that runs it (default: this JVM); a start-up cache beside the jar (app.aot,
 *                           app-cds.jsa) is used as docs/operations.md says, and must have been made by this same java
 *   --service-java-opts S   extra JVM options for it, space-separated (e.g. a flight recording)
 *   --peers DIR             the peers' directory (node-ws/, seed/)
 *   --out DIR               where results.md and the server logs go
 *   --chart FILE            the latency chart (PNG)
 *   --servers a,b           any of floor,service,node-ws,seed (default: all)
 *   --scenarios a,b         any of fanout,lagging,private,idle,startup,cluster,history,storm (default: all);
 *                           fanout-N for one room size of the fan-out, storm-private or storm-room for one case of
 *                           the storm
 *   --redis-server PATH     the redis-server the cluster scenario runs on (default: redis-server on the PATH)
 *   --variant NAME=JAR[::OPTS]  another build or setting of the service, measured as one more server (repeatable);
 *                           plain java -jar with exactly these options, no start-up cache unless OPTS name one
 *   --variant-java NAME=PATH    the java that runs variant NAME (default: this JVM)
 *   --quick                 smaller and shorter
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        String serviceJar = "target/quarkus-app/quarkus-run.jar";
        List<String> serviceOpts = List.of();
        String serviceJava = null;
        Map<String, String> variantJava = new HashMap<>();
        String peers = "bench/peers";
        String out = "bench/target/results";
        String chart = null;
        List<String> servers = List.of("floor", "service", "node-ws", "seed");
        Set<String> scenarios = Set.of("fanout", "lagging", "private", "idle", "startup", "cluster", "history", "storm");
        String redisServer = "redis-server";
        boolean quick = false;
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--service-jar" -> serviceJar = args[++i];
                case "--service-java" -> serviceJava = args[++i];
                case "--variant-java" -> {
                    String[] nameAndJava = args[++i].split("=", 2);
                    variantJava.put(nameAndJava[0], nameAndJava[1]);
                }
                case "--service-java-opts" -> serviceOpts = Arrays.stream(args[++i].split(" ")).filter(s -> !s.isBlank()).toList();
                case "--peers" -> peers = args[++i];
                case "--out" -> out = args[++i];
                case "--chart" -> chart = args[++i];
                case "--servers" -> servers = List.of(args[++i].split(","));
                case "--scenarios" -> scenarios = Set.of(args[++i].split(","));
                case "--variant" -> variants.add(args[++i]);
                case "--redis-server" -> redisServer = args[++i];
                case "--quick" -> quick = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String benchJar = new File(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        File outDir = new File(out);
        outDir.mkdirs();
        Env env = new Env(outDir, 18_100, benchJar);
        List<ServerSpec> specs = new ArrayList<>();
        List<ServerSpec> services = new ArrayList<>(); // the service and its variants: the servers that keep history
        List<ServerSpec> stormed = new ArrayList<>(); // the service, its variants, and the Node peer without presence
        for (String s : servers) {
            specs.add(switch (s) {
                case "floor" -> Servers.floor(benchJar);
                case "service" -> Servers.service(serviceJava, new File(serviceJar).getAbsolutePath(), serviceOpts);
                case "node-ws" -> Servers.nodeWs(new File(peers, "node-ws").getAbsolutePath());
                case "seed" -> Servers.seed(new File(peers, "seed").getAbsolutePath());
                default -> throw new IllegalArgumentException("unknown server " + s);
            });
            if (s.equals(Servers.SERVICE)) {
                services.add(specs.get(specs.size() - 1));
                stormed.add(specs.get(specs.size() - 1));
            }
            if (s.equals("node-ws")) {
                stormed.add(Servers.nodeWsWithoutPresence(new File(peers, "node-ws").getAbsolutePath()));
            }
        }
        for (String variant : variants) {
            String name = variant.substring(0, variant.indexOf('='));
            String[] jarAndOpts = variant.substring(name.length() + 1).split("::", 2);
            List<String> opts = jarAndOpts.length > 1
                    ? Arrays.stream(jarAndOpts[1].split(" ")).filter(o -> !o.isBlank()).toList() : List.of();
            specs.add(Servers.variant(name, variantJava.get(name), new File(jarAndOpts[0]).getAbsolutePath(), opts));
            services.add(specs.get(specs.size() - 1));
            stormed.add(specs.get(specs.size() - 1));
        }
        Settings settings = quick ? Settings.quick() : Settings.full();
        Report report = new Report(Servers.SERVICE);
        long started = System.nanoTime();

        for (Fanout.Config config : settings.fanouts()) {
            if (scenarios.contains("fanout") || scenarios.contains("fanout-" + config.members())) {
                for (ServerSpec spec : specs) {
                    guard(report, "fanout-" + config.members() + " " + spec.name(),
                            () -> new Fanout(env).run(spec, config, report::add));
                }
            }
        }
        if (scenarios.contains("lagging")) {
            for (ServerSpec spec : specs) {
                guard(report, "lagging " + spec.name(),
                        () -> new Lagging(env).run(spec, settings.lagging(), report::add));
            }
        }
        if (scenarios.contains("private")) {
            for (ServerSpec spec : specs) {
                guard(report, "private " + spec.name(),
                        () -> new PrivateChat(env).run(spec, settings.privateChat(), report::add));
            }
        }
        if (scenarios.contains("idle")) {
            for (ServerSpec spec : specs) {
                guard(report, "idle " + spec.name(), () -> report.add(new Idle(env).run(spec, settings.idle())));
            }
        }
        if (scenarios.contains("startup")) {
            for (ServerSpec spec : specs) {
                guard(report, "startup " + spec.name(),
                        () -> report.add(new Startup(env).run(spec, settings.startupRuns())));
            }
        }
        if (scenarios.contains("cluster")) {
            String jar = new File(serviceJar).getAbsolutePath();
            List<String> opts = serviceOpts;
            String java = serviceJava;
            ServerSpec redis = Servers.redis(redisServer);
            guard(report, "cluster", () -> report.add(new Cluster(env).run(Servers.service(java, jar, opts), redis,
                    (id, redisUri) -> Servers.clusterNode(java, jar, opts, id, redisUri), settings.cluster(), report::add)));
        }
        if (scenarios.contains("history")) {
            for (ServerSpec spec : services) {
                guard(report, "history " + spec.name(),
                        () -> report.add(new History(env).run(spec, settings.history())));
            }
        }
        for (Storm.Config config : settings.storms()) {
            if (scenarios.contains("storm") || scenarios.contains(config.kindName())) {
                for (ServerSpec spec : stormed) {
                    guard(report, config.scenario() + " " + spec.name(),
                            () -> report.add(new Storm(env).run(spec, config)));
                }
            }
        }
        report.write(Path.of(out, "results.md"));
        if (chart != null) {
            LatencyChart.write(report.figures(), Settings.CHART_SCENARIO, Path.of(chart));
        }
        report.note(String.format("done in %.0f s; figures in %s", (System.nanoTime() - started) / 1e9,
                Path.of(out, "results.md")));
        System.exit(0);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A server that fails a scenario is reported and skipped; the run goes on with the next. */
    private static void guard(Report report, String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            report.note(what + ": FAILED " + e);
        }
    }
}
