package io.chatservice.bench.scenario;

import java.util.List;

import org.HdrHistogram.Histogram;

import io.chatservice.bench.client.Meter;
import io.chatservice.bench.server.Proc;
import io.chatservice.bench.server.ServerProcess;

/**
 * A measurement window: the CPU ticks of the server's processes (one, or every process of a cluster), of this
 * client and of the whole machine, and the meter, between start and finish.
 */
final class Window {

    private final String server;
    private final List<ServerProcess> processes;
    private final Meter meter;
    private final long startNanos;
    private final long[] startTicks;
    private final double[] cpuSeconds;
    private final long clientTicks;
    private final long machineTicks;

    private Window(String server, List<ServerProcess> processes, Meter meter) {
        this.server = server;
        this.processes = List.copyOf(processes);
        this.meter = meter;
        meter.reset();
        this.startTicks = new long[this.processes.size()];
        this.cpuSeconds = new double[this.processes.size()];
        for (int i = 0; i < startTicks.length; i++) {
            startTicks[i] = this.processes.get(i).cpuTicks();
        }
        this.clientTicks = Proc.cpuTicks(Proc.selfPid());
        this.machineTicks = Proc.machineBusyTicks();
        this.startNanos = System.nanoTime();
    }

    static Window start(ServerProcess server, Meter meter) {
        return new Window(server.name(), List.of(server), meter);
    }

    /** One window over several processes that serve as one: their CPU time is summed, under the name {@code server}. */
    static Window start(String server, List<ServerProcess> processes, Meter meter) {
        return new Window(server, processes, meter);
    }

    long startNanos() {
        return startNanos;
    }

    /** Closes the window; throughput runs until the last delivery, CPU until now (the drain included). */
    Figures finish(String scenario, long messages, long expected) {
        long now = System.nanoTime();
        double cpu = 0;
        for (int i = 0; i < startTicks.length; i++) {
            cpuSeconds[i] = (double) (processes.get(i).cpuTicks() - startTicks[i]) / Proc.TICKS_PER_SECOND;
            cpu += cpuSeconds[i];
        }
        double client = (double) (Proc.cpuTicks(Proc.selfPid()) - clientTicks) / Proc.TICKS_PER_SECOND;
        double machine = (double) (Proc.machineBusyTicks() - machineTicks) / Proc.TICKS_PER_SECOND;
        long delivered = meter.delivered();
        Histogram h = meter.latencySnapshot();
        long last = Math.max(meter.lastDeliveryNanos(), startNanos + 1);
        double wallSeconds = (now - startNanos) / 1e9;
        double activeSeconds = delivered == 0 ? wallSeconds : (Math.min(last, now) - startNanos) / 1e9;
        return new Figures(scenario, server, messages, expected, delivered, activeSeconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                cpu, client * 100 / wallSeconds, Math.max(0, machine - cpu - client) * 100 / wallSeconds);
    }

    /** The CPU seconds of the {@code i}th process over the window; known once it is finished. */
    double cpuSeconds(int i) {
        return cpuSeconds[i];
    }
}
