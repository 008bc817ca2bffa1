package io.chatservice.support;

import static java.util.stream.Collectors.joining;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters and no replicas, each a {@link RedisServer}: the smallest real cluster, for
 * checking that keys and channels are hash-tagged and redirects are followed. {@link #start()} returns once every
 * node says {@code cluster_state:ok} and all three agree on which master serves which slots.
 */
public final class RedisCluster implements AutoCloseable {

    private static final int MASTERS = 3;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY = Duration.ofSeconds(20);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static RedisCluster start() {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(RedisServer.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create();
            cluster.awaitReady();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::stop);
            throw e;
        }
    }

    /** The nodes' addresses in the form {@code quarkus.redis.hosts} takes: {@code redis://127.0.0.1:P1,...}. */
    public String hosts() {
        return nodes.stream().map(RedisServer::uri).collect(joining(","));
    }

    /** The three masters, each of which a test may kill, restart or query on its own. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    public void stop() {
        nodes.forEach(RedisServer::stop);
    }

    @Override
    public void close() {
        stop();
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        ChildProcesses.run(command, CREATE_TIMEOUT);
    }

    private void awaitReady() {
        try {
            await("cluster " + hosts() + " ready").atMost(READY).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).until(this::ready);
        } catch (RuntimeException e) {
            StringBuilder views = new StringBuilder();
            nodes.forEach(node -> views.append("\n").append(node.port()).append(":\n")
                    .append(node.cli("CLUSTER", "NODES")));
            throw new IllegalStateException("the cluster did not settle in " + READY + "; CLUSTER NODES of each:"
                    + views, e);
        }
    }

    private boolean ready() {
        String slots = null;
        for (RedisServer node : nodes) {
            String info = node.cli("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)) {
                return false;
            }
            String view = slotOwners(node.cli("CLUSTER", "NODES"));
            if (slots != null && !slots.equals(view)) {
                return false;
            }
            slots = view;
        }
        return true;
    }

    /**
     * Which address serves which slots, from one node's {@code CLUSTER NODES}: every line is {@code id ip:port@bus
     * flags master ping pong epoch state slot...}; the flags ({@code myself}) and timings differ between nodes, the
     * address and slots must not.
     */
    private static String slotOwners(String clusterNodes) {
        return clusterNodes.lines().map(line -> line.split(" ")).filter(fields -> fields[2].contains("master"))
                .map(fields -> fields[1].replaceFirst("@.*", "") + " "
                        + String.join(" ", List.of(fields).subList(8, fields.length)))
                .sorted().collect(joining("\n"));
    }
}
