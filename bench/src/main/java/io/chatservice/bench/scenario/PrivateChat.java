package io.chatservice.bench.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.Member;
import io.chatservice.bench.client.Payload;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * Private messages: {@code pairs} pairs of users (a<i> writes to b<i>), first at a fixed total rate, then at
 * saturation: each pair keeps {@code inFlight} messages on their way, sending the next as one reaches its addressee.
 * A message is delivered to the addressee and, on every server but the seed's, echoed to the sender's connections.
 */
public final class PrivateChat {

    public record Config(int pairs, double rate, int inFlight, int warmupSeconds, int windowSeconds, int drainSeconds) {
    }

    private final Env env;

    public PrivateChat(Env env) {
        this.env = env;
    }

    public List<Figures> run(ServerSpec spec, Config config, Consumer<Figures> out)
            throws IOException, InterruptedException {
        List<Figures> figures = new ArrayList<>();
        String name = "private-" + config.pairs();
        int copies = spec.seedPaths() ? 1 : 2;
        try (LoadClient client = new LoadClient(2, Env.loopback());
                ServerProcess server = env.start(spec, ServerSpec.Channel.PRIVATE, client, name)) {
            int n = config.pairs() * 2;
            List<Member> members = client.connect(Env.HOST, server.port(), n, PrivateChat::user,
                    i -> "/privateChat/" + user(i), spec.keyedNames(), 120);
            client.awaitQuiet(1000, 180_000);
            if (members.size() < n) {
                throw new IOException(name + " " + spec.name() + ": only " + members.size() + " of " + n + " connected");
            }
            Member[] writers = new Member[config.pairs()];
            for (int i = 0; i < config.pairs(); i++) {
                writers[i] = members.get(2 * i);
            }
            FixedRate.Sender send = seq -> {
                int pair = (int) (seq % writers.length);
                writers[pair].send(Payload.privateMessage("b" + pair, System.nanoTime(), pair));
            };
            FixedRate.run(client.vertx(), config.rate(), config.warmupSeconds(), send);
            client.awaitQuiet(1000, config.drainSeconds() * 1000L);

            Window fixed = Window.start(server, client.meter());
            long sent = FixedRate.run(client.vertx(), config.rate(), config.windowSeconds(), send);
            Drain.await(client, sent * copies, config.drainSeconds());
            Figures f = fixed.finish(String.format(Locale.ROOT, "%s@%.0f/s", name, config.rate()), sent, sent * copies);
            figures.add(f);
            out.accept(f);
            client.awaitQuiet(1000, config.drainSeconds() * 1000L);

            f = saturate(client, server, writers, config, name, copies);
            figures.add(f);
            out.accept(f);
        }
        return figures;
    }

    private static Figures saturate(LoadClient client, ServerProcess server, Member[] writers, Config config,
            String name, int copies) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        client.onArrival((at, pair, sendNanos) -> {
            if (running.get() && at.user().charAt(0) == 'b') {
                sent.incrementAndGet();
                writers[(int) pair].send(Payload.privateMessage(at.user(), System.nanoTime(), (int) pair));
            }
        });
        Window window = Window.start(server, client.meter());
        for (int k = 0; k < config.inFlight(); k++) {
            for (int pair = 0; pair < writers.length; pair++) {
                sent.incrementAndGet();
                writers[pair].send(Payload.privateMessage("b" + pair, System.nanoTime(), pair));
            }
        }
        Thread.sleep(config.windowSeconds() * 1000L);
        running.set(false);
        Drain.await(client, sent.get() * copies, config.drainSeconds());
        client.onArrival((at, pair, sendNanos) -> {
        });
        return window.finish(name + "@saturation", sent.get(), sent.get() * copies);
    }

    private static String user(int i) {
        return (i % 2 == 0 ? "a" : "b") + (i / 2);
    }
}
