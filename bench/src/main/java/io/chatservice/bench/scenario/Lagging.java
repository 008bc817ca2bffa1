package io.chatservice.bench.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.Member;
import io.chatservice.bench.client.Payload;
import io.chatservice.bench.server.Proc;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * Group fan-out with a lagging reader: {@code members} connections in one room, of which {@code lagging} are held by
 * a process of their own ({@code LaggingClient}, one event loop) that reads in bursts and slowly, while this process's
 * members keep up; {@code senders} of the fast ones send at a fixed total rate. Each window gives two lines: the fast
 * members' deliveries and latency ({@code fast}) and the lagging ones' ({@code slow}); each carries its deliveries'
 * share of the server's CPU time over the window, so both show the same µs/delivery and their server CPU adds up.
 * The {@code slow} line's client CPU is the lagging process's, and neither line counts it among other processes'.
 */
public final class Lagging {

    public record Config(int members, int lagging, int senders, double rate, int periodMillis, int pauseMillis,
            int spinMicros, int warmupSeconds, int windowSeconds, int drainSeconds) {
    }

    private final Env env;

    public Lagging(Env env) {
        this.env = env;
    }

    public void run(ServerSpec spec, Config config, Consumer<Figures> out) throws IOException, InterruptedException {
        String name = String.format(Locale.ROOT, "lagging-%d@%.0f/s", config.members(), config.rate());
        int fastCount = config.members() - config.lagging();
        try (LoadClient client = new LoadClient(2, Env.loopback());
                ServerProcess server = env.start(spec, ServerSpec.Channel.GROUP, client, "lagging")) {
            List<Member> fast = client.connect(Env.HOST, server.port(), fastCount, i -> "u" + i,
                    i -> "/groupchat/u" + i, spec.keyedNames(), 120);
            Process child = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx512m",
                    "-XX:ActiveProcessorCount=1", "-cp", env.benchJar(), "io.chatservice.bench.client.LaggingClient",
                    Env.HOST, Integer.toString(server.port()), Integer.toString(fastCount),
                    Integer.toString(config.lagging()), "127.0.0.2", Boolean.toString(spec.seedPaths()),
                    Boolean.toString(spec.keyedNames()), Integer.toString(config.periodMillis()),
                    Integer.toString(config.pauseMillis()), Integer.toString(config.spinMicros()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (PrintWriter toChild = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
                    BufferedReader fromChild = new BufferedReader(
                            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                Slow slow = new Slow(toChild, fromChild);
                long lagging = slow.number(fromChild.readLine(), "opened ");
                client.awaitQuiet(1000, 180_000);
                if (fast.size() < fastCount || lagging < config.lagging()) {
                    System.out.printf(Locale.ROOT, "%s %s: only %d of %d fast and %d of %d lagging members connected%n",
                            name, spec.name(), fast.size(), fastCount, lagging, config.lagging());
                }
                Member[] senders = fast.subList(0, Math.min(config.senders(), fast.size())).toArray(Member[]::new);
                FixedRate.Sender send = seq -> senders[(int) (seq % senders.length)].send(
                        Payload.groupMessage(System.nanoTime()));
                FixedRate.run(client.vertx(), config.rate(), config.warmupSeconds(), send);
                client.awaitQuiet(1000, config.drainSeconds() * 1000L);
                slow.awaitQuiet(config.drainSeconds(), config.pauseMillis());
                slow.ask("reset");
                long childTicks = Proc.cpuTicks(child.pid());
                long windowStart = System.nanoTime();
                Window window = Window.start(server, client.meter());
                long sent = FixedRate.run(client.vertx(), config.rate(), config.windowSeconds(), send);
                Drain.await(client, sent * fast.size(), config.drainSeconds());
                slow.drain(sent * lagging, config.drainSeconds(), config.pauseMillis());
                Figures all = window.finish(name + " fast", sent, sent * fast.size());
                double childPercent = (double) (Proc.cpuTicks(child.pid()) - childTicks) / Proc.TICKS_PER_SECOND
                        * 100 / ((System.nanoTime() - windowStart) / 1e9);
                double others = Math.max(0, all.othersCpuPercent() - childPercent);
                String[] r = slow.ask("report").split(" ");
                long slowDelivered = Long.parseLong(r[1]);
                // The server's CPU time is shared by deliveries, so that both lines show it per delivery of either.
                double fastShare = (double) all.delivered() / Math.max(1, all.delivered() + slowDelivered);
                out.accept(new Figures(all.scenario(), all.server(), sent, all.expected(), all.delivered(),
                        all.seconds(), all.p50Ms(), all.p99Ms(), all.maxMs(), all.cpuSeconds() * fastShare,
                        all.clientCpuPercent(), others));
                out.accept(new Figures(name + " slow", all.server(), sent, sent * lagging, slowDelivered,
                        all.seconds(), Long.parseLong(r[2]) / 1000.0, Long.parseLong(r[3]) / 1000.0,
                        Long.parseLong(r[4]) / 1000.0, all.cpuSeconds() * (1 - fastShare), childPercent, others));
            } finally {
                child.destroy();
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    /** The lagging process, asked over its standard input. */
    private record Slow(PrintWriter to, BufferedReader from) {

        String ask(String command) throws IOException {
            to.println(command);
            String answer = from.readLine();
            if (answer == null) {
                throw new IOException("the lagging client exited");
            }
            return answer;
        }

        long number(String line, String prefix) throws IOException {
            if (line == null || !line.startsWith(prefix)) {
                throw new IOException("the lagging client said " + line);
            }
            return Long.parseLong(line.substring(prefix.length()).trim());
        }

        /** Until nothing has reached it for a second longer than it pauses, or {@code maxSeconds}. */
        void awaitQuiet(int maxSeconds, int pauseMillis) throws IOException, InterruptedException {
            drain(Long.MAX_VALUE, maxSeconds, pauseMillis);
        }

        /**
         * Until it has {@code expected} deliveries, nothing has reached it for a second longer than it pauses, or
         * {@code maxSeconds}.
         */
        void drain(long expected, int maxSeconds, int pauseMillis) throws IOException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            while (System.nanoTime() < end) {
                String[] c = ask("count").split(" ");
                if (Long.parseLong(c[1]) >= expected || Long.parseLong(c[2]) > 1000 + pauseMillis) {
                    return;
                }
                Thread.sleep(20);
            }
        }
    }
}
