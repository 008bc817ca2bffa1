package io.chatservice.bench.scenario;

import java.util.Locale;

/**
 * The cluster next to the single node, same room and rate, same run: what it costs to let the room span nodes.
 *
 * @param single the service alone, memory broker
 * @param cluster every node and Redis as one server: its CPU is the sum of all of their processes
 * @param redisCpuSeconds Redis' own share of {@code cluster}'s CPU
 * @param nodeCpuSeconds each node's share, in node order
 * @param sameNodeP50Ms latency of the cluster's deliveries to members on the sender's node
 * @param crossNodeP50Ms latency of those to members on another node (through Redis)
 */
public record ClusterFigures(Figures single, Figures cluster, double redisCpuSeconds, double[] nodeCpuSeconds,
        double sameNodeP50Ms, double sameNodeP99Ms, double crossNodeP50Ms, double crossNodeP99Ms) {

    /** The most CPU per delivery the cluster may take, as a multiple of the single node's. */
    public static final double TARGET_RATIO = 1.3;

    /** Cluster CPU per delivery over the single node's. */
    public double cpuRatio() {
        return cluster.cpuMicrosPerDelivery() / single.cpuMicrosPerDelivery();
    }

    /** Cluster p99 over the single node's. */
    public double p99Ratio() {
        return cluster.p99Ms() / single.p99Ms();
    }

    public double redisMicrosPerDelivery() {
        return perDelivery(redisCpuSeconds);
    }

    public double nodeMicrosPerDelivery(int node) {
        return perDelivery(nodeCpuSeconds[node]);
    }

    /** Redis' part of the cluster's CPU time, 0 to 1. */
    public double redisShare() {
        return cluster.cpuSeconds() <= 0 ? Double.NaN : redisCpuSeconds / cluster.cpuSeconds();
    }

    /** Nothing lost and no more CPU per delivery than the target allows. */
    public boolean met() {
        return cluster.lossless() && cpuRatio() <= TARGET_RATIO;
    }

    public String line() {
        StringBuilder nodes = new StringBuilder();
        for (int k = 0; k < nodeCpuSeconds.length; k++) {
            nodes.append(k == 0 ? "" : " + ").append(String.format(Locale.ROOT, "%.2f", nodeMicrosPerDelivery(k)));
        }
        return String.format(Locale.ROOT,
                "%-22s cluster/single cpu %5.2fx (target <= %.2fx: %s)  p99 %5.2fx  cluster cpu = nodes %s + redis %.2f"
                        + " us/del (redis %.0f%%)  p50/p99 same node %.2f/%.2f ms, other node %.2f/%.2f ms",
                cluster.scenario(), cpuRatio(), TARGET_RATIO, met() ? "met" : "missed", p99Ratio(), nodes,
                redisMicrosPerDelivery(), redisShare() * 100, sameNodeP50Ms, sameNodeP99Ms, crossNodeP50Ms,
                crossNodeP99Ms);
    }

    private double perDelivery(double cpuSeconds) {
        return cluster.delivered() == 0 ? Double.NaN : cpuSeconds * 1e6 / cluster.delivered();
    }
}
