package io.chatservice.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.CloseCodes;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.chatservice.support.ServiceProcess;
import io.chatservice.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Two nodes on one Redis (chat.broker=redis) behave as one chat service: rooms, private messages, tabs, presence,
 * REST, names and caps span both. Each test's users are its own, so the nodes are started once for the class.
 */
class ClusterIT extends TwoNodeTest {

    static final int ROOM_BURST = 4;

    /** The backend both nodes send their webhooks to. */
    private static WebhookReceiver backend;

    @BeforeAll
    static void start() {
        RedisServer server = RedisServer.start();
        redis = server;
        backend = WebhookReceiver.start();
        Map<String, String> settings = new HashMap<>(backend.settings());
        // Rate limits off: the order tests send fast. ClusterFaultIT holds a name's send budget across nodes. A name
        // opens few rooms, one per 2 minutes after a burst of ROOM_BURST, so that a test's openings outrun it.
        settings.putAll(Map.of("quarkus.redis.hosts", server.uri(),
                "chat.limits.max-connections-per-user", "3",
                "chat.limits.message-rate", "0", "chat.limits.user-message-rate", "0",
                "chat.limits.room-joins-per-user", "0.5",
                "chat.limits.room-join-burst-per-user", Integer.toString(ROOM_BURST)));
        nodes = ClusterNodes.start(settings);
    }

    @AfterAll
    static void stopBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    /** Waits for the backend to have exactly these events about a user or room, and no more for a while after. */
    private static void awaitOnlyTypes(String about, String... types) {
        await(about + " is told " + List.of(types)).atMost(Duration.ofSeconds(15)).until(
                () -> backend.typesAbout(about).size() >= types.length);
        // A second node telling it too would do so within this.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> backend.typesAbout(about).equals(List.of(types)));
        assertEquals(List.of(), backend.refused());
    }

    @Test
    void aUserConnectedOnBothNodesIsOnlineAndThenOfflineOnceForTheBackend() {
        String alice = unique("alice");
        ChatClient onA = nodes.direct(a(), alice);
        ChatClient onB = nodes.direct(b(), alice);
        awaitOnlyTypes(alice, "user.online");

        onA.close();
        onB.close();

        awaitOnlyTypes(alice, "user.online", "user.offline");
    }

    @Test
    void aRoomWithMembersOnBothNodesIsOccupiedAndThenVacatedOnceForTheBackend() {
        String room = unique("room");
        ChatClient onA = nodes.group(a(), unique("alice"), room);
        ChatClient onB = nodes.group(b(), unique("bob"), room);
        awaitOnlyTypes(room, "room.occupied");

        onB.close();
        onA.close();

        awaitOnlyTypes(room, "room.occupied", "room.vacated");
    }

    @Test
    void aMessageKeptOnOneNodeForAUserWhoLeftTheOtherIsQueuedOnceForTheBackend() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient bobOnB = nodes.direct(b(), bob);
        bobOnB.send(new JsonObject().put("type", "claim"));
        bobOnB.awaitType("claimed");
        bobOnB.close();
        awaitOnlyTypes(bob, "user.online", "user.offline");
        ChatClient aliceOnA = nodes.direct(a(), alice);

        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "later").put("cid", "w1"));
        JsonObject ack = aliceOnA.await(f -> "w1".equals(f.getString("cid")), "ack of w1");
        assertEquals("queued", ack.getString("status"));

        awaitOnlyTypes(bob, "user.online", "user.offline", "message.queued");
        JsonObject data = backend.about(bob).get(2).getJsonObject("data");
        assertEquals(ack.getString("message_id"), data.getString("message_id"));
        assertEquals(alice, data.getString("from_user"));
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
        watcher.await(notice("join", alice), "alice joins");
        ChatClient tabOnB = nodes.group(b(), alice, room);
        watcher.assertNothingMatching(notice("join", alice), Duration.ofMillis(700));

        tabOnA.close();
        watcher.assertNothingMatching(notice("leave", alice), Duration.ofMillis(700));
        tabOnB.close();
        watcher.await(notice("leave", alice), "alice leaves");
    }

    private static Predicate<JsonObject> notice(String type, String user) {
        return type.equals("join") ? ChatClient.joined(user) : ChatClient.left(user);
    }

    @Test
    void joinsOnOneNodeReachTheOtherNodesMembersGatheredWithTheClustersCount() {
        String room = unique("room"), elsewhere = unique("elsewhere");
        ChatClient watcher = nodes.group(a(), unique("carol"), room);
        watcher.await(notice("join", watcher.welcome().getString("user")), "its own join");
        List<String> joiners = List.of(unique("j0"), unique("j1"), unique("j2"));
        List<ChatClient> onB = joiners.stream().map(user -> nodes.group(b(), user, elsewhere)).toList();

        onB.forEach(client -> client.send(new JsonObject().put("type", "join").put("room", room)));

        // The first may go alone, as the room was quiet; those within the next second share one frame.
        java.util.Set<String> heard = new java.util.HashSet<>();
        JsonObject gathered = null;
        while (!heard.containsAll(joiners)) {
            JsonObject notice = watcher.await(f -> "changes".equals(f.getString("type"))
                    || "join".equals(f.getString("type")) && joiners.contains(f.getString("from_user")), "the joins");
            if ("changes".equals(notice.getString("type"))) {
                gathered = notice;
                notice.getJsonArray("joined").forEach(user -> heard.add((String) user));
            } else {
                heard.add(notice.getString("from_user"));
            }
        }
        assertTrue(gathered != null && gathered.getJsonArray("joined").size() >= 2, "gathered: " + gathered);
        assertEquals(4, gathered.getInteger("count"), "counted over the cluster once all came");
    }

    @Test
    void aWatcherOnOneNodeHearsOfAUserOnTheOtherAndFindsThem() {
        String bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), unique("alice"));
        aliceOnA.send(new JsonObject().put("type", "watch").put("users", new JsonArray().add(bob.toUpperCase())));
        assertEquals(List.of(), aliceOnA.awaitType("watching").getJsonArray("online").getList());

        ChatClient bobOnB = nodes.direct(b(), bob);
        aliceOnA.await(notice("join", bob), "bob comes online on b");
        aliceOnA.send(new JsonObject().put("type", "watch").put("users", new JsonArray().add(bob)));
        assertEquals(List.of(bob), aliceOnA.awaitType("watching").getJsonArray("online").getList());
        aliceOnA.send(new JsonObject().put("type", "lookup").put("prefix", bob.toUpperCase()));
        assertEquals(List.of(bob), aliceOnA.awaitType("users").getJsonArray("users").getList());

        bobOnB.close();
        aliceOnA.await(notice("leave", bob), "bob goes offline on b");
    }

    @Test
    void typingInARoomOnOneNodeReachesTheMembersWhoAskedOnTheOther() {
        String room = unique("room"), alice = unique("alice");
        ChatClient onA = nodes.group(a(), alice, room);
        ChatClient onB = nodes.connectAsStranger(b(), "/groupchat/" + unique("bob") + "/" + room + "?typing=true");
        onB.awaitType("presence");

        onA.send(new JsonObject().put("type", "typing").put("room", room));

        JsonObject notice = onB.awaitType("typing");
        assertEquals(room, notice.getString("room"));
        assertEquals(alice, notice.getString("from_user"));
    }

    @Test
    void typingToAUserOnOneNodeReachesTheirPrivateConnectionOnTheOther() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient bobOnB = nodes.connectAsStranger(b(), "/privateChat/" + bob + "?typing=true");
        bobOnB.awaitType("presence");

        aliceOnA.send(new JsonObject().put("type", "typing").put("to_user", bob));

        JsonObject notice = bobOnB.awaitType("typing");
        assertEquals(alice, notice.getString("from_user"));
        assertEquals(bob, notice.getString("to_user"));
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

    /** Enters a room nobody is in, says something there and leaves it: what the bound on opening rooms is for. */
    private static void cycleThroughAFreshRoom(ChatClient client) {
        String room = unique("fresh");
        client.send(new JsonObject().put("type", "join").put("room", room));
        client.await(f -> "presence".equals(f.getString("type")) && room.equals(f.getString("room")), "in " + room);
        client.send(new JsonObject().put("room", room).put("info", "one message"));
        client.await(f -> "message".equals(f.getString("type")) && room.equals(f.getString("room")), "the message");
        client.send(new JsonObject().put("type", "leave").put("room", room));
        client.await(f -> "leave".equals(f.getString("type")) && room.equals(f.getString("room")), "out of " + room);
    }

    @Test
    void aNameCyclingThroughFreshRoomsIsRefusedTheNextAndChatsOnInItsRoom() {
        String home = unique("home"), alice = unique("alice"), fresh = unique("fresh");
        ChatClient bystander = nodes.group(b(), unique("bob"), home);
        ChatClient cycler = nodes.group(a(), alice, home);
        for (int i = 0; i < ROOM_BURST - 1; i++) { // its home was the first room it opened on node a
            cycleThroughAFreshRoom(cycler);
        }

        cycler.send(new JsonObject().put("type", "join").put("room", fresh).put("cid", "j1"));

        JsonObject error = cycler.awaitError("RATE_LIMITED");
        assertEquals(fresh, error.getString("room"), error.encode());
        assertEquals("j1", error.getString("cid"), error.encode());
        assertTrue(error.getLong("retry_after_ms") > 0, error.encode());
        cycler.send(new JsonObject().put("room", home).put("info", "still here"));
        assertEquals("still here", bystander.await(f -> "message".equals(f.getString("type"))
                && "still here".equals(f.getString("info")), "alice's message").getString("info"));
        assertEquals(404, a().status("/api/rooms/" + fresh), "the room was not opened");
    }

    @Test
    void aNamesRoomsAreCountedOnEachNode() {
        String alice = unique("alice");
        ChatClient onA = nodes.group(a(), alice, unique("fresh"));
        for (int i = 0; i < ROOM_BURST - 1; i++) {
            cycleThroughAFreshRoom(onA);
        }
        onA.send(new JsonObject().put("type", "join").put("room", unique("fresh")));
        onA.awaitError("RATE_LIMITED");

        ChatClient refused = nodes.connect(a(), "/groupchat/" + alice + "/" + unique("fresh"));
        assertEquals("RATE_LIMITED", refused.next().getString("code"));
        assertEquals(CloseCodes.POLICY_VIOLATION, refused.awaitClose());

        nodes.group(b(), alice, unique("fresh"));
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
