package io.chatservice.bench.scenario;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.chatservice.bench.client.Member;

/**
 * The latency of a cluster's deliveries split in two: to a member on the sender's own node (that node's fan-out
 * only) and to a member on another node (through Redis, then that node's fan-out). Each measured message names its
 * sender's node; each member's node is known from the connections it was opened with.
 */
final class NodeSplit implements Member.Arrival {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final Map<Member, Integer> nodeOf = new IdentityHashMap<>();
    private final Recorder local = new Recorder(MAX_MICROS, 3);
    private final Recorder crossNode = new Recorder(MAX_MICROS, 3);

    /** Read-only once made; the client's event loops see it through {@code LoadClient.onArrival}. */
    NodeSplit(List<List<Member>> byNode) {
        for (int k = 0; k < byNode.size(); k++) {
            for (Member m : byNode.get(k)) {
                nodeOf.put(m, k);
            }
        }
    }

    /** The node a member was opened on. */
    int node(Member m) {
        return nodeOf.get(m);
    }

    @Override
    public void arrived(Member at, long senderNode, long sendNanos) {
        Integer node = nodeOf.get(at);
        if (node == null) {
            return;
        }
        long micros = Math.min(Math.max(0, (System.nanoTime() - sendNanos) / 1000), MAX_MICROS);
        (node == senderNode ? local : crossNode).recordValue(micros);
    }

    /** Starts a new window: what was recorded so far is dropped. */
    void reset() {
        local.getIntervalHistogram();
        crossNode.getIntervalHistogram();
    }

    /** p50 and p99 in ms of the deliveries on the sender's node, then of those on another, since the last reset. */
    double[] finish() {
        Histogram l = local.getIntervalHistogram();
        Histogram c = crossNode.getIntervalHistogram();
        return new double[] {ms(l, 50), ms(l, 99), ms(c, 50), ms(c, 99)};
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
