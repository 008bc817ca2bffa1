package io.chatservice.bench.scenario;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.chatservice.bench.client.LoadClient;
import io.chatservice.bench.client.Member;
import io.chatservice.bench.client.Payload;
import io.chatservice.bench.server.ServerProcess;
import io.chatservice.bench.server.ServerSpec;

/**
 * Group fan-out: {@code members} connections in one room, {@code senders} of them sending at a fixed total rate, one
 * measurement window per rate. Every member, the sender included, should receive every message.
 * <p>
 * Each user's first connection makes the room hear a {@code join} notice, so n distinct users cost n²/2 notices to set
 * up; a room larger than {@code distinctUsers} connections therefore holds several connections per user (the fan-out
 * goes to connections, so it costs the same). The seed keys connections by name, so it always gets distinct names.
 * On the service a name in use is held by a key: each user's first connection opens first, and the user's further
 * connections present the key it was welcomed with.
 */
public final class Fanout {

    public record Config(int members, int distinctUsers, int senders, double[] rates, int warmupSeconds,
            int windowSeconds, int drainSeconds) {
    }

    private final Env env;

    public Fanout(Env env) {
        this.env = env;
    }

    public List<Figures> run(ServerSpec spec, Config config, Consumer<Figures> out)
            throws IOException, InterruptedException {
        List<Figures> figures = new ArrayList<>();
        String name = "fanout-" + config.members();
        try (LoadClient client = new LoadClient(2, Env.loopback());
                ServerProcess server = env.start(spec, ServerSpec.Channel.GROUP, client, name)) {
            int users = spec.seedPaths() ? config.members() : Math.min(config.members(), config.distinctUsers());
            List<Member> members = client.connect(Env.HOST, server.port(), config.members(), i -> "u" + (i % users),
                    i -> "/groupchat/u" + (i % users), spec.keyedNames(), 120);
            client.awaitQuiet(1000, 180_000);
            if (members.size() < config.members()) {
                System.out.printf(Locale.ROOT, "%s %s: only %d of %d members connected%n", name, spec.name(),
                        members.size(), config.members());
            }
            Member[] senders = members.subList(0, Math.min(config.senders(), members.size())).toArray(Member[]::new);
            FixedRate.Sender send = seq -> senders[(int) (seq % senders.length)].send(
                    Payload.groupMessage(System.nanoTime()));
            FixedRate.run(client.vertx(), config.rates()[0], config.warmupSeconds(), send);
            client.awaitQuiet(1000, config.drainSeconds() * 1000L);
            for (double rate : config.rates()) {
                Window window = Window.start(server, client.meter());
                long sent = FixedRate.run(client.vertx(), rate, config.windowSeconds(), send);
                long expected = sent * members.size();
                Drain.await(client, expected, config.drainSeconds());
                Figures f = window.finish(String.format(Locale.ROOT, "%s@%.0f/s", name, rate), sent, expected);
                figures.add(f);
                out.accept(f);
                if (f.deliveredFraction() < 0.99) {
                    break; // saturated: a higher rate would only measure the backlog
                }
            }
        }
        return figures;
    }
}
