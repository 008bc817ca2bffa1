package io.chatservice.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.chatservice.support.Scrape;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a cluster does when a part of it fails: a node killed with SIGKILL, Redis restarted, the subscriber
 * connection cut, Redis gone for longer than the readiness grace. The nodes run with a short node timeout and grace
 * so that the bounds are quick to prove; the defaults are longer.
 */
class ClusterFaultIT extends TwoNodeTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration GRACE = Duration.ofSeconds(2);

    private static RedisServer server;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        redis = server;
        // A name may send 50 frames at once and 5 a second after, over all its connections on both nodes.
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", server.uri(),
                "chat.cluster.node-timeout", NODE_TIMEOUT.toMillis() + "ms",
                "chat.cluster.readiness-grace", GRACE.toMillis() + "ms",
                "chat.limits.message-rate", "0",
                "chat.limits.user-message-rate", "5", "chat.limits.user-message-burst", "50"));
    }

    @Test
    void aNamesSendBudgetCountsFramesOnEveryNode() {
        String alice = unique("alice"), room = unique("room");
        ChatClient onA = nodes.group(nodes.a(), alice, room);
        ChatClient onB = nodes.group(nodes.b(), alice, room);

        for (int i = 0; i < 30; i++) {
            onA.send(new JsonObject().put("info", "a" + i));
        }
        for (int i = 0; i < 30; i++) {
            onB.send(new JsonObject().put("info", "b" + i));
        }

        // 60 frames against a budget of 50 for the name: a budget per node would have let all of them through.
        onB.awaitError("RATE_LIMITED");
    }

    @Test
    void aKilledNodesUsersLeaveTheSurvivorsPresenceWithinTheNodeTimeoutGathered() {
        String room = unique("room");
        List<String> onB = List.of(unique("bob"), unique("bea"), unique("ben"));
        ChatClient carol = nodes.group(nodes.a(), unique("carol"), room);
        ChatClient dave = nodes.group(nodes.a(), unique("dave"), room);
        onB.forEach(user -> nodes.group(nodes.b(), user, room));
        Set<String> came = new HashSet<>();
        while (!came.containsAll(onB)) {
            JsonObject notice = carol.await(f -> onB.stream().anyMatch(user -> ChatClient.joined(user).test(f)), "the joins");
            onB.stream().filter(user -> ChatClient.joined(user).test(notice)).forEach(came::add);
        }

        try {
            long killedAt = System.nanoTime();
            nodes.b().kill();

            // One reap finds all three gone: the first leave goes at once, the others share one frame after it.
            Set<String> gone = new HashSet<>();
            JsonObject last = null;
            List<JsonObject> gathered = new ArrayList<>();
            while (!gone.containsAll(onB)) {
                last = carol.await(f -> onB.stream().anyMatch(user -> ChatClient.left(user).test(f)), "the leaves",
                        NODE_TIMEOUT.plusSeconds(3));
                if ("changes".equals(last.getString("type"))) {
                    gathered.add(last);
                    last.getJsonArray("left").forEach(user -> gone.add((String) user));
                } else {
                    gone.add(last.getString("from_user"));
                }
                assertEquals(room, last.getString("room"));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertTrue(took.compareTo(NODE_TIMEOUT.plusMillis(1500)) <= 0, "left after " + took);
            assertTrue(gathered.stream().anyMatch(f -> f.getJsonArray("left").size() >= 2), "gathered: " + gathered);
            assertEquals(2, last.getInteger("count"), "carol and dave are left");
            assertFalse(nodes.a().get("/api/users").contains("\"" + onB.get(0) + "\""));
            assertFalse(nodes.a().get("/api/rooms/" + room).contains("\"" + onB.get(0) + "\""));

            dave.send(new JsonObject().put("info", "still here"));
            assertEquals("still here", carol.nextMessage().getString("info"), "the survivor's members chat on");
        } finally {
            nodes.restartB();
        }
    }

    @Test
    void aKilledNodesUsersGoOfflineForWhoeverWatchesThemWithinTheNodeTimeout() {
        String bob = unique("bob");
        ChatClient alice = nodes.direct(nodes.a(), unique("alice"));
        nodes.direct(nodes.b(), bob);
        alice.send(new JsonObject().put("type", "watch").put("users", new JsonArray().add(bob)));
        assertEquals(List.of(bob), alice.awaitType("watching").getJsonArray("online").getList());

        try {
            long killedAt = System.nanoTime();
            nodes.b().kill();

            alice.await(f -> "leave".equals(f.getString("type")) && bob.equals(f.getString("from_user")),
                    "bob goes offline", NODE_TIMEOUT.plusSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            assertTrue(took.compareTo(NODE_TIMEOUT.plusMillis(500)) <= 0, "offline after " + took);
            alice.send(new JsonObject().put("type", "watch").put("users", new JsonArray().add(bob)));
            assertEquals(List.of(), alice.awaitType("watching").getJsonArray("online").getList());
            alice.send(new JsonObject().put("type", "lookup").put("prefix", bob));
            assertEquals(List.of(), alice.awaitType("users").getJsonArray("users").getList());
        } finally {
            nodes.restartB();
        }
    }

    @Test
    void bothNodesRecoverFromARedisRestartWithoutDuplicates() {
        String room = unique("room"), alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.group(nodes.a(), alice, room);
        ChatClient bobOnB = nodes.group(nodes.b(), bob, room);
        awaitJoined(aliceOnA, bob);

        server.restart();

        assertDeliveredOnceAfterRecovery(aliceOnA, bobOnB);
        // The nodes rebuild what Redis lost: both are in the room again for the cluster.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String members = nodes.a().get("/api/rooms/" + room);
            assertTrue(members.contains("\"" + alice + "\"") && members.contains("\"" + bob + "\""), members);
        });
    }

    @Test
    void aKilledSubscriberConnectionIsDetectedAndResubscribed() {
        String room = unique("room");
        String bob = unique("bob");
        ChatClient aliceOnA = nodes.group(nodes.a(), unique("alice"), room);
        ChatClient bobOnB = nodes.group(nodes.b(), bob, room);
        awaitJoined(aliceOnA, bob);

        server.cli("CLIENT", "KILL", "TYPE", "pubsub");

        assertDeliveredOnceAfterRecovery(aliceOnA, bobOnB);
    }

    @Test
    void privateMessagesSentWhileTheSubscribersWereDownArriveEachOnceInOrder() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient bobOnB = nodes.direct(nodes.b(), bob);
        watch(bobOnB, alice);
        ChatClient aliceOnA = nodes.direct(nodes.a(), alice);
        awaitJoined(bobOnB, alice);
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "before"));
        assertEquals("before", bobOnB.nextMessage().getString("info"));

        server.cli("CLIENT", "KILL", "TYPE", "pubsub");
        List<String> said = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            said.add("during " + i);
            aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "during " + i));
        }

        List<String> got = new ArrayList<>();
        for (int i = 0; i < said.size(); i++) {
            got.add(bobOnB.await(f -> "message".equals(f.getString("type")), "message " + (i + 1),
                    Duration.ofSeconds(20)).getString("info"));
        }
        assertEquals(said, got, "read back from the conversation's history, in order");
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "after"));
        assertEquals("after", bobOnB.nextMessage().getString("info"), "and nothing twice");
        // The sender's own tab has the conversation too, from its own node's subscriber, which is back as well.
        said.add("after");
        assertEquals(said, ownCopies(aliceOnA, said.size()));
    }

    /** The next {@code count} messages, skipping the one a tab saw before the outage. */
    private static List<String> ownCopies(ChatClient tab, int count) {
        List<String> copies = new ArrayList<>();
        while (copies.size() < count) {
            String info = tab.await(f -> "message".equals(f.getString("type")), "own copy", Duration.ofSeconds(20))
                    .getString("info");
            if (!info.equals("before")) {
                copies.add(info);
            }
        }
        return copies;
    }

    @Test
    void withoutRedisMessagesFailFastAndReachNobodyAndReadinessWaitsForTheGrace() {
        String alice = unique("alice"), bob = unique("bob"), room = unique("room");
        String frank = unique("frank");
        ChatClient aliceOnA = nodes.direct(nodes.a(), alice);
        nodes.direct(nodes.b(), bob);
        ChatClient frankOnA = nodes.direct(nodes.a(), frank);
        ChatClient carolOnA = nodes.group(nodes.a(), unique("carol"), room);
        ChatClient daveOnA = nodes.group(nodes.a(), unique("dave"), room);

        server.kill();
        try {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                long sentAt = System.nanoTime();
                aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "across"));
                aliceOnA.awaitError("UNAVAILABLE");
                assertTrue(Duration.ofNanos(System.nanoTime() - sentAt).toMillis() < 1500, "failed fast");
            });
            assertEquals(200, nodes.a().status("/q/health/ready"), "a blip takes no node out");

            // A message is kept if and only if it was published: one that Redis cannot keep reaches nobody, not
            // even the members on the sender's own node.
            carolOnA.send(new JsonObject().put("info", "local"));
            carolOnA.awaitError("UNAVAILABLE");
            aliceOnA.send(new JsonObject().put("to_user", frank).put("info", "same node"));
            aliceOnA.awaitError("UNAVAILABLE");
            for (ChatClient member : List.of(carolOnA, daveOnA, frankOnA)) {
                member.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
            }

            await().atMost(GRACE.plusSeconds(5)).until(() -> nodes.a().status("/q/health/ready") == 503);
            assertEquals(0, linkUp(nodes.a(), "publisher"), "the metrics show the link down");

            ChatClient newcomer = nodes.connectAsStranger(nodes.a(), "/groupchat/" + unique("erin") + "/" + room);
            newcomer.awaitError("UNAVAILABLE");
            assertEquals(CloseCodes.TRY_AGAIN_LATER, newcomer.awaitClose(), "asked to come back later");
        } finally {
            server.restart();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> nodes.a().status("/q/health/ready") == 200
                && nodes.b().status("/q/health/ready") == 200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (String link : List.of("subscriber", "publisher", "state")) {
                assertEquals(1, linkUp(nodes.a(), link), link + " up again");
            }
        });
    }

    /** {@code chat_broker_link_up} of one link of the node: 1 up, 0 down. */
    private static double linkUp(ServiceProcess node, String link) {
        return Scrape.of(node.get("/q/metrics")).value("chat_broker_link_up{link=\"" + link + "\"}");
    }

    /**
     * Waits for the user's join notice: a join is done once the joiner has had the room's history, which with Redis
     * is read after the presence frame, so a Redis failure before the notice would still refuse the join.
     */
    private static void awaitJoined(ChatClient member, String user) {
        member.await(ChatClient.joined(user), user + " joins");
    }

    /**
     * Sends numbered probes from one node until the other delivers one, then one last message: every probe and the
     * last arrive at most once, and the last exactly once.
     */
    private static void assertDeliveredOnceAfterRecovery(ChatClient sender, ChatClient receiver) {
        AtomicInteger probes = new AtomicInteger();
        Set<String> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            sender.send(new JsonObject().put("info", "probe-" + probes.incrementAndGet()));
            JsonObject frame = receiver.await(f -> "message".equals(f.getString("type")), "a probe",
                    Duration.ofMillis(300));
            assertTrue(seen.add(frame.getString("info")), "delivered twice: " + frame.getString("info"));
        });
        sender.send(new JsonObject().put("info", "after recovery"));
        while (true) {
            String info = receiver.nextMessage().getString("info");
            assertTrue(seen.add(info), "delivered twice: " + info);
            if (info.equals("after recovery")) {
                break;
            }
        }
        receiver.assertNothingMatching(f -> "message".equals(f.getString("type"))
                && !f.getString("info").startsWith("probe-"), Duration.ofMillis(700));
    }
}
