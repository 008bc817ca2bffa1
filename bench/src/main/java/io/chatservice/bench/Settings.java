package io.chatservice.bench;

import io.chatservice.bench.scenario.Cluster;
import io.chatservice.bench.scenario.Fanout;
import io.chatservice.bench.scenario.History;
import io.chatservice.bench.scenario.Idle;
import io.chatservice.bench.scenario.Lagging;
import io.chatservice.bench.scenario.PrivateChat;
import io.chatservice.bench.scenario.Storm;

/**
 * Every scenario's size and timing: the full run (about 33 minutes, of which the storm 15 while the service sends
 * presence to everyone) and a quick one (about 8). The cluster's room is the 1000-member fan-out at 100 msg/s, with
 * the same senders and windows. The history scenario fills each of its rooms' history exactly, at the service's
 * default size. A storm's clients run in 4 processes (2 quick), at most 2500 connections each; a warm-up storm of a
 * fifth of the size comes first.
 */
record Settings(Fanout.Config[] fanouts, Lagging.Config lagging, PrivateChat.Config privateChat, Idle.Config idle,
        int startupRuns, Cluster.Config cluster, History.Config history, Storm.Config[] storms) {

    /** The room size whose rate sweep the chart shows. */
    static final String CHART_SCENARIO = "fanout-1000";

    /** The service's default {@code chat.history.size}: each room of the history scenario gets that many messages. */
    static final int HISTORY_SIZE = 500;

    /**
     * The lagging reader works this long on every measured message it reads, on its one thread: at 100 msg/s to 250
     * members that keeps it busy about 85 % of the time (on the reference machine), so it queues whatever arrives in a
     * bunch and amplifies the server's hiccups, as a single-threaded client near its limit does. It can also stop
     * reading for {@code pause} ms once per {@code period} (0: never). System properties {@code bench.lag.spin},
     * {@code bench.lag.pause} and {@code bench.lag.period} set other values.
     */
    static final int LAG_SPIN_MICROS = Integer.getInteger("bench.lag.spin", 30);
    static final int LAG_PAUSE_MILLIS = Integer.getInteger("bench.lag.pause", 0);
    static final int LAG_PERIOD_MILLIS = Integer.getInteger("bench.lag.period", 1000);

    static Settings full() {
        return new Settings(new Fanout.Config[] {
                new Fanout.Config(100, 1000, 4, new double[] {500}, 5, 10, 5),
                new Fanout.Config(1000, 1000, 4, new double[] {25, 50, 100, 200}, 5, 10, 5),
                new Fanout.Config(5000, 1000, 4, new double[] {20}, 5, 10, 5)},
                new Lagging.Config(1000, 250, 4, 100, LAG_PERIOD_MILLIS, LAG_PAUSE_MILLIS, LAG_SPIN_MICROS, 5, 20, 10),
                new PrivateChat.Config(500, 5_000, 2, 5, 10, 5),
                new Idle.Config(19_000, 4, 60, 90),
                3,
                new Cluster.Config(1000, 2, 4, 100, 5, 10, 5),
                new History.Config(100, HISTORY_SIZE, 100),
                new Storm.Config[] {
                        new Storm.Config(Storm.Kind.PRIVATE, 10_000, 4, 2_000, 300, 3),
                        new Storm.Config(Storm.Kind.ROOM, 5_000, 4, 1_000, 300, 3)});
    }

    static Settings quick() {
        return new Settings(new Fanout.Config[] {
                new Fanout.Config(100, 1000, 4, new double[] {500}, 3, 3, 3),
                new Fanout.Config(1000, 1000, 4, new double[] {50, 100}, 3, 3, 3)},
                new Lagging.Config(1000, 250, 4, 100, LAG_PERIOD_MILLIS, LAG_PAUSE_MILLIS, LAG_SPIN_MICROS, 3, 10, 10),
                new PrivateChat.Config(200, 5_000, 2, 3, 3, 3),
                new Idle.Config(4_000, 2, 15, 30),
                1,
                new Cluster.Config(1000, 2, 4, 100, 3, 3, 3),
                new History.Config(20, HISTORY_SIZE, 100),
                new Storm.Config[] {
                        new Storm.Config(Storm.Kind.PRIVATE, 3_000, 2, 600, 120, 3),
                        new Storm.Config(Storm.Kind.ROOM, 1_500, 2, 300, 120, 3)});
    }
}
