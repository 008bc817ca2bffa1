package io.chatservice.bench.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.Member;
import io.chatservice.bench.client.Payload;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * The service as a cluster on Redis: one room of {@code members} connections split evenly over {@code nodes} service
 * processes on one Redis, {@code senders} of them (taken from every node in turn) sending at a fixed total rate, as in
 * {@link Fanout}. Every member, the sender included, should receive every message, whichever node it is on. The same
 * room, rate and windows are measured first on one node with the memory broker, so that the cluster's cost (the
 * nodes' and Redis' CPU summed) stands next to the single node's in the same run.
 * <p>
 * Each member is its own user ({@code u<i>}, on node {@code i % nodes}), so every name is held once, cluster-wide,
 * and no connection needs a key.
 */
public final class Cluster {

    public record Config(int members, int nodes, int senders, double rate, int warmupSeconds, int windowSeconds,
            int drainSeconds) {
    }

    /** How to start a node of the cluster once Redis' address is known. */
    public interface Nodes {
        /** A node of the service named {@code id}, on the Redis at {@code redisUri} ({@code redis://host:port}). */
        ServerSpec node(String id, String redisUri);
    }

    /** The servers' name in the figures: the service alone, and the service as a cluster (every node and Redis). */
    public static final String SINGLE = "service";
    public static final String CLUSTER = "cluster";

    private final Env env;

    public Cluster(Env env) {
        this.env = env;
    }

    /**
     * @param single the service on its own (memory broker)
     * @param redis the Redis the cluster runs on
     */
    public ClusterFigures run(ServerSpec single, ServerSpec redis, Nodes nodes, Config config, Consumer<Figures> out)
            throws IOException, InterruptedException {
        String name = "cluster-" + config.members();
        Figures alone;
        try (LoadClient client = new LoadClient(2, Env.loopback());
                ServerProcess server = env.startReady(single, client, name)) {
            alone = measure(client, List.of(server), List.of(server), single.keyedNames(), config, name, SINGLE)
                    .figures();
        }
        out.accept(alone);

        List<ServerProcess> processes = new ArrayList<>();
        try (LoadClient client = new LoadClient(2, Env.loopback())) {
            ServerProcess broker = env.startRedis(redis, name);
            processes.add(broker);
            String uri = "redis://" + Env.HOST + ":" + broker.port();
            List<ServerProcess> serving = new ArrayList<>();
            for (int k = 0; k < config.nodes(); k++) {
                ServerSpec node = nodes.node("node-" + (char) ('a' + k), uri);
                ServerProcess started = env.startReady(node, client, name);
                processes.add(started);
                serving.add(started);
            }
            Measured together = measure(client, serving, processes, single.keyedNames(), config, name, CLUSTER);
            out.accept(together.figures());
            double[] nodeCpu = new double[config.nodes()];
            for (int k = 0; k < nodeCpu.length; k++) {
                nodeCpu[k] = together.window().cpuSeconds(k + 1);
            }
            double[] split = together.split();
            return new ClusterFigures(alone, together.figures(), together.window().cpuSeconds(0), nodeCpu, split[0],
                    split[1], split[2], split[3]);
        } finally {
            for (int i = processes.size() - 1; i >= 0; i--) {
                processes.get(i).close();
            }
        }
    }

    /**
     * A measured window and what it found: the window still knows each process' share of the CPU.
     *
     * @param split p50 and p99 on the sender's node, then on another ({@link NodeSplit#finish})
     */
    private record Measured(Figures figures, Window window, double[] split) {
    }

    /**
     * Opens the room over {@code serving}, warms it up and measures one window of {@code measured}'s CPU (the
     * serving processes and any they depend on).
     */
    private static Measured measure(LoadClient client, List<ServerProcess> serving, List<ServerProcess> measured,
            boolean keyedNames, Config config, String name, String server) throws IOException, InterruptedException {
        int n = serving.size();
        List<List<Member>> byNode = new ArrayList<>();
        int connected = 0;
        for (int k = 0; k < n; k++) {
            int node = k;
            int count = (config.members() - node + n - 1) / n;
            List<Member> members = client.connect(Env.HOST, serving.get(k).port(), count, i -> user(i, n, node),
                    i -> "/groupchat/" + user(i, n, node), keyedNames, 120);
            byNode.add(members);
            connected += members.size();
        }
        client.awaitQuiet(1000, 180_000);
        if (connected < config.members()) {
            System.out.printf(Locale.ROOT, "%s %s: only %d of %d members connected%n", name, server, connected,
                    config.members());
        }
        Member[] senders = senders(byNode, config.senders());
        if (senders.length == 0) {
            throw new IOException(name + " " + server + ": no member connected");
        }
        NodeSplit split = new NodeSplit(byNode);
        int[] senderNode = new int[senders.length];
        for (int s = 0; s < senders.length; s++) {
            senderNode[s] = split.node(senders[s]);
        }
        client.onArrival(split);
        FixedRate.Sender send = seq -> {
            int s = (int) (seq % senders.length);
            senders[s].send(Payload.groupMessage(System.nanoTime(), senderNode[s]));
        };
        FixedRate.run(client.vertx(), config.rate(), config.warmupSeconds(), send);
        client.awaitQuiet(1000, config.drainSeconds() * 1000L);

        Window window = Window.start(server, measured, client.meter());
        split.reset();
        long sent = FixedRate.run(client.vertx(), config.rate(), config.windowSeconds(), send);
        long expected = sent * connected;
        Drain.await(client, expected, config.drainSeconds());
        Figures figures = window.finish(String.format(Locale.ROOT, "%s@%.0f/s", name, config.rate()), sent, expected);
        return new Measured(figures, window, split.finish());
    }

    /** The {@code i}th connection to node {@code node} of {@code nodes}: user {@code u<i * nodes + node>}. */
    private static String user(int i, int nodes, int node) {
        return "u" + (i * nodes + node);
    }

    /** {@code count} senders, taken from each node in turn, so that every node publishes its share. */
    private static Member[] senders(List<List<Member>> byNode, int count) {
        List<Member> senders = new ArrayList<>();
        for (int i = 0; senders.size() < count; i++) {
            boolean any = false;
            for (List<Member> members : byNode) {
                if (i < members.size() && senders.size() < count) {
                    senders.add(members.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return senders.toArray(Member[]::new);
    }
}
