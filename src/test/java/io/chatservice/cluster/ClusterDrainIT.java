package io.chatservice.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.core.Presence;
import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.CloseSpread;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.chatservice.support.ReturningClients.Client;
import io.chatservice.support.ReturningClients.Close;
import io.chatservice.support.ReturningClients;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.json.JsonObject;

/**
 * A rolling restart under load: node b, with two thousand clients, is stopped (SIGTERM) while node a goes on. b sends
 * its clients away over its drain window, a few at a time, and they all come back on a, let in under their names, and
 * can write to each other; then b starts again and takes new clients. The clients come back as a well-behaved client
 * does (jittered back-off, to whichever node the load balancer offers), so what is checked is the service's part.
 */
class ClusterDrainIT extends TwoNodeTest {

    private static final int ON_B = 2000;
    private static final int ON_A = 400;
    /** chat.drain.window as packaged. */
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Duration BACK = Duration.ofSeconds(45);

    @BeforeAll
    static void start() {
        RedisServer server = RedisServer.start();
        redis = server;
        // Presence as shipped: a private newcomer costs its own interest, not everyone's. Every client here shares
        // the loopback address.
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", server.uri(),
                "chat.limits.max-connections-per-address", "0", "chat.limits.address-text-rate", "0"));
    }

    @Test
    void aNodeStoppedUnderThousandsOfClientsSendsThemAwayOverItsWindowAndEveryOneComesBack() throws IOException {
        ServiceProcess b = nodes.b();
        List<ServiceProcess> balanced = new CopyOnWriteArrayList<>(List.of(b));
        String prefix = unique("u");
        try (ReturningClients clients = new ReturningClients(() -> balanced, Duration.ofSeconds(2))) {
            List<Client> onB = IntStream.range(0, ON_B).mapToObj(i -> clients.connect(prefix + "-b" + i)).toList();
            awaitAllIn(onB);
            assertTrue(onB.stream().allMatch(c -> c.port() == b.port()));
            balanced.set(0, nodes.a());
            List<Client> onA = IntStream.range(0, ON_A).mapToObj(i -> clients.connect(prefix + "-a" + i)).toList();
            awaitAllIn(onA);

            b.terminate(); // readiness DOWN: the load balancer offers a alone, as it does already

            awaitAll(onB, c -> c.isIn() && c.port() == nodes.a().port() && sentAwayAt(c) != 0
                    && c.welcomedAt() - sentAwayAt(c) > 0, "every client of b is back, on a");
            assertTrue(onA.stream().allMatch(c -> c.isIn() && c.closes().isEmpty()), "a's clients stayed");
            for (Client c : onB) {
                assertEquals(1, c.closes().stream().filter(x -> x.code() == CloseCodes.GOING_AWAY).count(),
                        c.user() + " was sent away once: " + c.closes());
            }
            List<Long> closedAt = onB.stream().map(ClusterDrainIT::sentAwayAt).toList();
            CloseSpread.assertSpreadOver(WINDOW, closedAt);

            List<Client> everyone = new ArrayList<>(onB);
            everyone.addAll(onA);
            exchangeInARing(everyone);

            nodes.replaceB(); // b's replacement starts while b finishes its shutdown
            assertTrue(b.awaitExit(Duration.ofSeconds(30)), "b exited");
            assertTrue(Files.readString(b.log()).contains("draining: sent " + ON_B + " connections away over"),
                    "b's log says how many it sent away");
        }

        String carol = unique("carol");
        ChatClient onNewB = nodes.direct(nodes.b(), carol);
        ChatClient onA = nodes.direct(nodes.a(), unique("dave"));
        onA.send(new JsonObject().put("to_user", carol).put("info", "welcome back, b"));
        onNewB.await(f -> "welcome back, b".equals(f.getString("info")), "a message from a");
    }

    /** When the client was told 1001, 0 if never. */
    private static long sentAwayAt(Client client) {
        return client.closes().stream().filter(c -> c.code() == CloseCodes.GOING_AWAY).mapToLong(Close::at)
                .findFirst().orElse(0);
    }

    private static void awaitAllIn(List<Client> clients) {
        awaitAll(clients, Client::isIn, "all " + clients.size() + " clients are in");
    }

    /** Waits until every client is so; if some never are, says how they stand (welcomes, closes). */
    private static void awaitAll(List<Client> clients, Predicate<Client> done, String what) {
        try {
            await(what).atMost(BACK).pollInterval(Duration.ofMillis(200))
                    .until(() -> clients.stream().allMatch(done));
        } catch (ConditionTimeoutException e) {
            List<Client> left = clients.stream().filter(done.negate()).toList();
            throw new AssertionError(what + ": " + left.size() + " are not, e.g. " + left.stream().limit(5)
                    .map(c -> c.user() + " in=" + c.isIn() + " welcomes=" + c.welcomes() + " closes="
                            + c.closes().stream().map(Close::code).toList())
                    .collect(Collectors.joining("; ")), e);
        }
    }

    /** Each client writes to the next one; every one receives from the one before it. */
    private static void exchangeInARing(List<Client> ring) {
        int n = ring.size();
        Map<Client, String> expected = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            Client to = ring.get((i + 1) % n);
            expected.put(to, ring.get(i).user());
            ring.get(i).send(to.user(), "ring from " + ring.get(i).user());
        }
        awaitAll(ring, c -> c.messages().stream().anyMatch(m -> ("ring from " + expected.get(c)).equals(m.getString("info"))
                && expected.get(c).equals(m.getString("from_user"))), "every client received from the one before it");
    }
}
