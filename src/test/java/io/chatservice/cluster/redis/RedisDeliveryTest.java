package io.chatservice.cluster.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.core.Route;
import io.chatservice.config.IdentityMode;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;
import io.chatservice.mailbox.MailboxLimits;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.support.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Nodes built by hand on one Vert.x and a real redis-server: what crosses between them, in what order, and how the
 * links come back after Redis drops them, restarts or stops answering.
 */
class RedisDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(800);
    private static final HistorySettings HISTORY = new HistorySettings(50, Duration.ofMinutes(5), Duration.ofMinutes(5));

    private static RedisServer redis;
    private static Vertx vertx;

    private final List<Node> nodes = new ArrayList<>();

    /** One node: its delivery, its links, its meters, and what its fan-out was given. */
    final class Node {
        final String id;
        final RedisLinks links = new RedisLinks();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final List<Envelope> got = Collections.synchronizedList(new ArrayList<>());
        final Redis client;
        final StateConnection state;
        final RedisDelivery delivery;

        Node(String name, String host) {
            id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            BrokerSettings settings = new BrokerSettings(List.of(host), id, COMMAND_TIMEOUT, Duration.ofMillis(200));
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(host));
            state = new StateConnection(client, vertx, links, COMMAND_TIMEOUT);
            delivery = new RedisDelivery(vertx, settings, HISTORY, got::add, links, new BrokerMetrics(meters), state,
                    new RedisHistory(state), new RedisMailboxes(state, IdentityMode.NAMES,
                            new MailboxLimits(1000, 0, 0), 60_000));
            delivery.start();
            nodes.add(this);
        }

        void stop() {
            delivery.stop().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
            state.close();
            client.close();
        }

        List<String> frames() {
            synchronized (got) {
                return got.stream().map(Envelope::frame).toList();
            }
        }

        double reconnects(String link) {
            return meters.get("chat.broker.reconnects").tag("link", link).counter().count();
        }

        CompletionStage<Void> publish(Target target, String frame) {
            return delivery.publish(new Envelope(target, frame));
        }

        void follow(String... rooms) {
            CompletableFuture.allOf(Arrays.stream(rooms).map(room -> delivery.follow(room).toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        redis.stop();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Node::stop);
    }

    private Node connected(String name) {
        Node node = new Node(name, redis.uri());
        await().atMost(WAIT).until(node.links::allUp);
        return node;
    }

    private static String room() {
        return "room-" + UUID.randomUUID();
    }

    private static List<String> channels(String pattern) {
        String listed = redis.cli("pubsub", "channels", pattern);
        return listed.isEmpty() ? List.of() : Arrays.stream(listed.split("\n")).sorted().toList();
    }

    @Test
    void followCompletesOnlyOnceRedisConfirmedTheSubscription() {
        Node a = connected("a");
        String room = room();
        a.follow(room);
        assertEquals(List.of("chat:room:" + room), channels("chat:room:" + room));
        assertEquals(List.of("chat:node:" + a.id), channels("chat:node:" + a.id));
    }

    @Test
    void manyFollowsAtOnceGoInBatchesAndAllAreConfirmed() {
        Node a = connected("a");
        String prefix = room();
        String[] rooms = IntStream.range(0, 1200).mapToObj(i -> prefix + "-" + i).toArray(String[]::new);
        a.follow(rooms);
        assertEquals(1200, channels("chat:room:" + prefix + "-*").size());
        // and the node's own three: its node channel, the private channel and moderation
        assertEquals(1203.0, a.meters.get("chat.broker.subscriptions").gauge().value());
    }

    @Test
    void unfollowDropsTheChannelAfterTheDelayUnlessFollowedAgainMeanwhile() {
        Node a = connected("a");
        String kept = room();
        String dropped = room();
        a.follow(kept, dropped);
        a.delivery.unfollow(kept);
        a.delivery.unfollow(dropped);
        a.follow(kept);
        await().atMost(WAIT).until(() -> channels("chat:room:" + dropped).isEmpty());
        assertEquals(List.of("chat:room:" + kept), channels("chat:room:" + kept));
    }

    @Test
    void roomMessagesReachAnotherNodeInTheOrderTheyWerePublished() {
        Node a = connected("a");
        Node b = connected("b");
        String room = room();
        b.follow(room);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            acks.add(a.publish(Target.room(room), "m" + i).toCompletableFuture());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.SECONDS).join();
        List<String> expected = IntStream.range(0, 1000).mapToObj(i -> "m" + i).toList();
        await().atMost(WAIT).until(() -> b.got.size() >= 1000);
        assertEquals(expected, b.frames());
        assertEquals(expected, a.frames(), "the publisher's own members, once each, from its fan-out");
        assertEquals(1000.0, a.meters.get("chat.broker.publishes").counter().count());
        assertEquals(1000, b.meters.get("chat.broker.latency").timer().count());
    }

    @Test
    void eachNodeSkipsItsOwnEchoOnSharedChannels() {
        Node a = connected("a");
        Node b = connected("b");
        String room = room();
        a.follow(room);
        b.follow(room);
        for (Node node : List.of(a, b)) {
            node.publish(Target.room(room), "room from " + node.id);
            node.publish(Target.watchers("someone"), "private from " + node.id);
        }
        // Redis sends each subscriber its messages in one order: once the fence from the other node is in, any echo
        // of this node's own earlier messages would have been too.
        a.publish(Target.room(room), "fence from " + a.id);
        b.publish(Target.room(room), "fence from " + b.id);
        for (Node node : List.of(a, b)) {
            Node other = node == a ? b : a;
            await().atMost(WAIT).until(() -> node.frames().contains("fence from " + other.id));
            Set<String> expected = Set.of("room from " + a.id, "private from " + a.id, "fence from " + a.id,
                    "room from " + b.id, "private from " + b.id, "fence from " + b.id);
            assertEquals(6, node.got.size(), node.frames()::toString);
            assertEquals(expected, Set.copyOf(node.frames()));
        }
    }

    @Test
    void aPrivateMessageGoesOnceToEachOtherNodeOfItsRouteAndNowhereWithoutOne() {
        Node a = connected("a");
        Node b = connected("b");
        Node c = connected("c");
        a.publish(Target.user("nobody"), "no route");
        Target conversation = Target.conversation("ann", "bob");
        Route route = new Route(Set.of(b.id), Set.of(a.id, c.id));
        a.delivery.publish(new Envelope(conversation, "hi bob", System.nanoTime(), route)).toCompletableFuture()
                .orTimeout(5, TimeUnit.SECONDS).join();
        await().atMost(WAIT).until(() -> b.got.size() == 1 && c.got.size() == 1);
        for (Node other : List.of(b, c)) {
            assertEquals(List.of("hi bob"), other.frames(), "the unrouted one went nowhere, the routed one once");
            assertEquals(conversation, other.got.get(0).target());
        }
        assertEquals(List.of("no route", "hi bob"), a.frames());
    }

    @Test
    void afterRedisKillsTheSubscriberItResubscribesEveryFollowedChannel() {
        Node a = connected("a");
        Node b = connected("b");
        String[] rooms = { room(), room(), room() };
        b.follow(rooms);
        redis.cli("client", "kill", "type", "pubsub");
        await().atMost(WAIT).until(() -> b.reconnects(Subscriber.LINK) >= 1 && b.links.allUp());
        for (String room : rooms) {
            assertEquals(List.of("chat:room:" + room), channels("chat:room:" + room));
            a.publish(Target.room(room), "after " + room);
        }
        assertEquals(List.of("chat:node:" + b.id), channels("chat:node:" + b.id));
        await().atMost(WAIT).until(() -> b.got.size() == 3);
        assertEquals(Arrays.stream(rooms).map(room -> "after " + room).toList(), b.frames());
    }

    @Test
    void bothLinksRecoverFromARedisRestartAndNothingArrivesTwice() {
        Node a = connected("a");
        Node b = connected("b");
        String room = room();
        b.follow(room);
        a.publish(Target.room(room), "before").toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        await().atMost(WAIT).until(() -> b.got.size() == 1);

        redis.restart();
        await().atMost(WAIT).until(() -> a.reconnects(Publisher.LINK) >= 1 && b.reconnects(Subscriber.LINK) >= 1
                && a.links.allUp() && b.links.allUp());
        assertEquals(List.of("chat:room:" + room), channels("chat:room:" + room));
        for (int i = 0; i < 10; i++) {
            a.publish(Target.room(room), "after " + i).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
        a.publish(Target.room(room), "fence");
        await().atMost(WAIT).until(() -> b.frames().contains("fence"));
        List<String> expected = new ArrayList<>(List.of("before"));
        IntStream.range(0, 10).forEach(i -> expected.add("after " + i));
        expected.add("fence");
        assertEquals(expected, b.frames());
    }

    @Test
    void aSubscriberDroppedForItsOutputBufferIsDetectedAndRecovers() {
        Node a = connected("a");
        Node b = connected("b");
        String room = room();
        b.follow(room);
        redis.cli("config", "set", "client-output-buffer-limit", "pubsub 64kb 32kb 0");
        try {
            String big = "x".repeat(100_000);
            for (int i = 0; i < 5; i++) {
                a.publish(Target.room(room), big);
            }
            await().atMost(WAIT).until(() -> b.reconnects(Subscriber.LINK) >= 1 && b.links.allUp());
            a.publish(Target.room(room), "small, after");
            await().atMost(WAIT).until(() -> b.frames().contains("small, after"));
        } finally {
            redis.cli("config", "set", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
        }
    }

    @Test
    void publishFailsAtOnceWhileThePublisherLinkIsDown() {
        Node cutOff = new Node("cut-off", "redis://127.0.0.1:1");
        String room = room();
        CompletableFuture<Void> published = cutOff.publish(Target.room(room), "hello").toCompletableFuture();
        assertTrue(published.isCompletedExceptionally(), "failed before publish returned");
        assertUnavailable(published);
        assertEquals(List.of("hello"), cutOff.frames(), "this node's own members have it all the same");
        assertUnavailable(cutOff.delivery.follow(room).toCompletableFuture());
        assertEquals(1.0, cutOff.meters.get("chat.broker.publish.failures").counter().count());
    }

    @Test
    void linksThatRedisStopsAnsweringAreReplacedAndAPublishFailsAfterTheTimeout() {
        Node a = connected("a");
        Node b = connected("b");
        String room = room();
        b.follow(room);
        // Redis keeps the sockets open and answers nothing: no error, no close, only silence.
        redis.cli("client", "pause", "2500", "ALL");
        long start = System.nanoTime();
        CompletableFuture<Void> published = a.publish(Target.room(room), "into the void").toCompletableFuture();
        assertUnavailable(published);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= COMMAND_TIMEOUT.toMillis() && took < COMMAND_TIMEOUT.toMillis() * 2, took + " ms");
        // b's subscriber is idle: its PING goes unanswered, and it is replaced too.
        await().atMost(WAIT).until(() -> a.reconnects(Publisher.LINK) >= 1 && b.reconnects(Subscriber.LINK) >= 1
                && a.links.allUp() && b.links.allUp());
        a.publish(Target.room(room), "again").toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        await().atMost(WAIT).until(() -> b.frames().contains("again"));
    }

    private static void assertUnavailable(CompletableFuture<Void> stage) {
        try {
            stage.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected UNAVAILABLE");
        } catch (ExecutionException e) {
            ProtocolException refused = assertInstanceOf(ProtocolException.class, e.getCause());
            assertEquals(ErrorCode.UNAVAILABLE, refused.code());
            assertTrue(refused.reason().contains("try again"), refused.reason());
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
