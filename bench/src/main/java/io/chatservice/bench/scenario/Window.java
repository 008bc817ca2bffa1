package io.chatservice.bench.scenario;

import org.HdrHistogram.Histogram;

import io.chatservice.bench.client.Meter;
import io.chatservice.bench.server.Proc;
import io.chatservice.bench.server.ServerProcess;

/** A measurement window: the server's and this client's CPU ticks and the meter between start and finish. */
final class Window {

    private final ServerProcess server;
    private final Meter meter;
    private final long startNanos;
    private final long serverTicks;
    private final long clientTicks;

    private Window(ServerProcess server, Meter meter) {
        this.server = server;
        this.meter = meter;
        meter.reset();
        this.serverTicks = server.cpuTicks();
        this.clientTicks = Proc.cpuTicks(Proc.selfPid());
        this.startNanos = System.nanoTime();
    }

    static Window start(ServerProcess server, Meter meter) {
        return new Window(server, meter);
    }

    long startNanos() {
        return startNanos;
    }

    /** Closes the window; throughput runs until the last delivery, CPU until now (the drain included). */
    Figures finish(String scenario, long messages, long expected) {
        long now = System.nanoTime();
        double cpu = (double) (server.cpuTicks() - serverTicks) / Proc.TICKS_PER_SECOND;
        double client = (double) (Proc.cpuTicks(Proc.selfPid()) - clientTicks) / Proc.TICKS_PER_SECOND;
        long delivered = meter.delivered();
        Histogram h = meter.latencySnapshot();
        long last = Math.max(meter.lastDeliveryNanos(), startNanos + 1);
        double wallSeconds = (now - startNanos) / 1e9;
        double activeSeconds = delivered == 0 ? wallSeconds : (Math.min(last, now) - startNanos) / 1e9;
        return new Figures(scenario, server.name(), messages, expected, delivered, activeSeconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                cpu, client * 100 / wallSeconds);
    }
}
