package io.chatservice.bench.scenario;

import java.util.Locale;

/**
 * One measured window of one server: what was asked of it, what arrived, how fast, and what it cost the server in
 * CPU time (read from /proc, so it is the same figure for every language).
 *
 * @param scenario e.g. {@code fanout-1000@100/s}
 * @param messages measured messages sent
 * @param expected deliveries the server's own semantics call for (the seed's private chat does not echo to the sender)
 * @param cpuSeconds the server's utime + stime over the window
 * @param othersCpuPercent what every other process of the machine took meanwhile (other builds, say), in % of one
 *        core: the server's and the client's share of the cores is what they leave
 */
public record Figures(String scenario, String server, long messages, long expected, long delivered, double seconds,
        double p50Ms, double p99Ms, double maxMs, double cpuSeconds, double clientCpuPercent, double othersCpuPercent) {

    public double deliveredFraction() {
        return expected == 0 ? 0 : (double) delivered / expected;
    }

    public double deliveriesPerSecond() {
        return seconds <= 0 ? 0 : delivered / seconds;
    }

    /** Messages whose every delivery arrived, per second. */
    public double messagesPerSecond() {
        return seconds <= 0 || expected == 0 ? 0 : messages * deliveredFraction() / seconds;
    }

    public double cpuMicrosPerDelivery() {
        return delivered == 0 ? Double.NaN : cpuSeconds * 1e6 / delivered;
    }

    public double cpuMicrosPerMessage() {
        double carried = messages * deliveredFraction();
        return carried == 0 ? Double.NaN : cpuSeconds * 1e6 / carried;
    }

    public double serverCpuPercent() {
        return seconds <= 0 ? 0 : cpuSeconds * 100 / seconds;
    }

    public boolean lossless() {
        return delivered >= expected;
    }

    public String line() {
        return String.format(Locale.ROOT,
                "%-22s %-8s delivered %9d/%9d (%6.2f%%) %9.0f del/s %8.0f msg/s  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms"
                        + "  cpu %6.2f us/del %6.2f us/msg  server %4.0f%%  client %4.0f%%  others %4.0f%%",
                scenario, server, delivered, expected, deliveredFraction() * 100, deliveriesPerSecond(),
                messagesPerSecond(), p50Ms, p99Ms, maxMs, cpuMicrosPerDelivery(), cpuMicrosPerMessage(),
                serverCpuPercent(), clientCpuPercent, othersCpuPercent);
    }
}
