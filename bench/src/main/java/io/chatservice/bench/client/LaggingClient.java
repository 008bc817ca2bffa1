package io.chatservice.bench.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * A child process of the lagging scenario: a share of a room's members on one event loop that cannot keep up. It
 * spends {@code SPIN_MICROS} of busy work on every frame it reads, as a single-threaded client's parsing does; with a
 * {@code PAUSE_MILLIS} above 0 it also stops reading all its connections for that long every {@code PERIOD_MILLIS}
 * (what arrives meanwhile waits in the kernel's and then the server's buffers). Its clock is the main process's: {@link System#nanoTime()} is the
 * machine's monotonic clock, the same for every process.
 * <p>
 * Usage: {@code LaggingClient HOST PORT FIRST COUNT SOURCE SEED_PATHS KEYED_NAMES PERIOD_MILLIS PAUSE_MILLIS
 * SPIN_MICROS}. Member i is user {@code u(FIRST+i)} on {@code /groupchat/u(FIRST+i)}. Prints {@code opened N}, then
 * answers one line per command on its standard input: {@code reset} (starts a window: {@code ok}), {@code count}
 * ({@code count DELIVERED MILLIS_SINCE_LAST_FRAME}), {@code report} ({@code report DELIVERED P50_US P99_US MAX_US}).
 * It exits when its input ends.
 */
public final class LaggingClient {

    private LaggingClient() {
    }

    public static void main(String[] args) throws Exception {
        Share share = Share.of(args);
        boolean keyedNames = Boolean.parseBoolean(args[Share.ARGS]);
        long periodMillis = Long.parseLong(args[Share.ARGS + 1]);
        long pauseMillis = Long.parseLong(args[Share.ARGS + 2]);
        long spinNanos = Long.parseLong(args[Share.ARGS + 3]) * 1000;
        try (LoadClient client = new LoadClient(1, List.of(share.source()))) {
            if (spinNanos > 0) {
                client.onArrival((at, pair, sendNanos) -> spin(spinNanos));
            }
            List<Member> members = client.connect(share.host(), share.port(), share.count(), share::user,
                    i -> "/groupchat/" + share.user(i), keyedNames, 120);
            System.out.println("opened " + members.size());
            System.out.flush();
            if (pauseMillis > 0) {
                client.vertx().setPeriodic(periodMillis, id -> {
                    members.forEach(Member::pause);
                    client.vertx().setTimer(pauseMillis, t -> members.forEach(Member::resume));
                });
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = in.readLine()) != null) {
                Meter meter = client.meter();
                switch (command.trim()) {
                    case "reset" -> {
                        meter.reset();
                        System.out.println("ok");
                    }
                    case "count" -> System.out.println("count " + meter.delivered() + " "
                            + (System.nanoTime() - meter.lastFrameNanos()) / 1_000_000);
                    case "report" -> {
                        long delivered = meter.delivered();
                        Histogram h = meter.latencySnapshot();
                        System.out.println(String.format(Locale.ROOT, "report %d %d %d %d", delivered,
                                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue()));
                    }
                    default -> System.out.println("unknown " + command);
                }
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** A slow reader's work per frame: busy, on the one event loop, as a single-threaded client's parsing is. */
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
