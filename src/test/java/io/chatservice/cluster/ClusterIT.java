package io.chatservice.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Two nodes on one Redis (chat.broker=redis) behave as one chat service: rooms, private messages, tabs, presence,
 * REST, names and caps span both. Each test's users are its own, so the nodes are started once for the class.
 */
class ClusterIT {

    private static RedisServer redis;
    private static ClusterNodes nodes;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", redis.uri(),
                "chat.limits.max-connections-per-user", "3"));
    }

    @AfterEach
    void closeClients() {
        nodes.closeClients();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ServiceProcess a() {
        return nodes.a();
    }

    private static ServiceProcess b() {
        return nodes.b();
    }

    @Test
    void aRoomMessageReachesMembersOnTheOtherNode() {
        String room = unique("room"), alice = unique("alice");
        ChatClient onA = nodes.group(a(), alice, room);
        ChatClient onB = nodes.group(b(), unique("bob"), room);

        onA.send(new JsonObject().put("info", "hello from a"));

        JsonObject received = onB.nextMessage();
        assertEquals("hello from a", received.getString("info"));
        assertEquals(alice, received.getString("from_user"));
        assertEquals("hello from a", onA.nextMessage().getString("info"), "the sender sees its message once");
        onA.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(500));
    }

    @Test
    void messagesFromOneSenderArriveInOrderOnTheOtherNode() {
        String room = unique("room");
        ChatClient onA = nodes.group(a(), unique("alice"), room);
        ChatClient onB = nodes.group(b(), unique("bob"), room);

        for (int i = 0; i < 200; i++) {
            onA.send(new JsonObject().put("info", "m" + i));
        }

        for (int i = 0; i < 200; i++) {
            assertEquals("m" + i, onB.nextMessage().getString("info"));
        }
    }

    @Test
    void aPrivateMessageReachesTheAddresseeOnTheOtherNode() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient bobOnB = nodes.direct(b(), bob);

        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "psst"));

        JsonObject received = bobOnB.nextMessage();
        assertEquals("psst", received.getString("info"));
        assertEquals(alice, received.getString("from_user"));
        assertEquals("psst", aliceOnA.nextMessage().getString("info"), "the sender's tab shows it too");
    }

    @Test
    void privateMessagesFromOneSenderArriveInOrderOnTheOtherNode() {
        String bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), unique("alice"));
        ChatClient bobOnB = nodes.direct(b(), bob);

        for (int i = 0; i < 200; i++) {
            aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "p" + i));
        }

        for (int i = 0; i < 200; i++) {
            assertEquals("p" + i, bobOnB.nextMessage().getString("info"));
        }
    }

    @Test
    void everyTabOfAUserGetsMessagesWhicheverNodeItIsOn() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient tabOnA = nodes.direct(a(), alice);
        ChatClient tabOnB = nodes.direct(b(), alice);
        ChatClient bobOnA = nodes.direct(a(), bob);

        bobOnA.send(new JsonObject().put("to_user", alice).put("info", "to every tab"));
        assertEquals("to every tab", tabOnA.nextMessage().getString("info"));
        assertEquals("to every tab", tabOnB.nextMessage().getString("info"));

        tabOnA.send(new JsonObject().put("to_user", bob).put("info", "from tab a"));
        assertEquals("from tab a", tabOnB.nextMessage().getString("info"), "the other tab shows what was sent");
    }

    @Test
    void roomTabsOnBothNodesGetTheRoomsMessages() {
        String room = unique("room"), alice = unique("alice");
        ChatClient tabOnA = nodes.group(a(), alice, room);
        ChatClient tabOnB = nodes.group(b(), alice, room);
        ChatClient bob = nodes.group(a(), unique("bob"), room);

        bob.send(new JsonObject().put("info", "both tabs"));

        assertEquals("both tabs", tabOnA.nextMessage().getString("info"));
        assertEquals("both tabs", tabOnB.nextMessage().getString("info"));
    }

    @Test
    void aUserJoinsOnceAndLeavesOnceAcrossNodes() {
        String room = unique("room"), alice = unique("alice");
        ChatClient watcher = nodes.group(a(), unique("carol"), room);

        ChatClient tabOnA = nodes.group(a(), alice, room);
        assertEquals(alice, watcher.awaitType("join").getString("from_user"));
        ChatClient tabOnB = nodes.group(b(), alice, room);
        watcher.assertNothingMatching(f -> "join".equals(f.getString("type")), Duration.ofMillis(700));

        tabOnA.close();
        watcher.assertNothingMatching(f -> "leave".equals(f.getString("type")), Duration.ofMillis(700));
        tabOnB.close();
        assertEquals(alice, watcher.awaitType("leave").getString("from_user"));
    }

    @Test
    void theRoomsPresenceListsMembersOfBothNodes() {
        String room = unique("room"), alice = unique("alice"), bob = unique("bob");
        nodes.group(a(), alice, room);

        ChatClient bobOnB = nodes.connect(b(), "/groupchat/" + bob + "/" + room);
        JsonArray members = bobOnB.awaitType("presence").getJsonArray("users");

        assertEquals(List.of(alice, bob).stream().sorted().toList(), members.getList());
    }

    @Test
    void restAnswersForTheWholeClusterOnEitherNode() {
        String room = unique("room"), alice = unique("alice"), bob = unique("bob");
        nodes.group(a(), alice, room);
        nodes.group(b(), bob, room);

        for (ServiceProcess node : List.of(a(), b())) {
            JsonObject roomOnNode = new JsonObject(node.get("/api/rooms/" + room));
            assertEquals(List.of(alice, bob).stream().sorted().toList(), roomOnNode.getJsonArray("members").getList());
            String users = node.get("/api/users");
            assertTrue(users.contains("\"" + alice + "\"") && users.contains("\"" + bob + "\""), users);
            assertTrue(node.get("/api/rooms").contains("\"" + room + "\""));
        }
    }

    @Test
    void aNameHeldOnOneNodeCannotBeTakenOnTheOther() {
        String alice = unique("alice");
        nodes.direct(a(), alice);

        ChatClient impostor = nodes.connectAsStranger(b(), "/privateChat/" + alice);

        impostor.awaitError("NAME_TAKEN");
        assertEquals(CloseCodes.POLICY_VIOLATION, impostor.awaitClose());
    }

    @Test
    void theConnectionCapCountsConnectionsOnEveryNode() {
        String alice = unique("alice");
        nodes.direct(a(), alice);
        nodes.direct(b(), alice);
        nodes.direct(a(), alice);

        ChatClient fourth = nodes.connect(b(), "/privateChat/" + alice);

        fourth.awaitError("TOO_MANY_CONNECTIONS");
    }

    @Test
    void anAddresseeWithNoConnectionOnAnyNodeIsOffline() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);

        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "anyone?"));
        aliceOnA.awaitError("USER_OFFLINE");

        ChatClient bobOnB = nodes.direct(b(), bob);
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "there you are"));
        assertEquals("there you are", bobOnB.nextMessage().getString("info"));

        bobOnB.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !a().get("/api/users").contains("\"" + bob + "\""));
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "gone?"));
        aliceOnA.awaitError("USER_OFFLINE");
    }
}
