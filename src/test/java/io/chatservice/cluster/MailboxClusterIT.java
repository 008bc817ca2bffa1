package io.chatservice.cluster;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.RedisServer;
import io.chatservice.support.ServiceProcess;
import io.chatservice.support.ClusterNodes;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * Mailboxes and receipts over two nodes on one Redis: a private message kept on one node while its addressee is
 * offline reaches them on whichever node they connect to next, once; a full mailbox refuses on any node; a receipt
 * crosses nodes to the sender. The backend's messages through the server API, posted on one node, reach their
 * recipients on the other, and are kept in Redis for an offline user.
 */
class MailboxClusterIT extends TwoNodeTest {

    static final int MAX_MESSAGES = 3;
    static final int FROM_STRANGER = 2;
    static final String API_KEY = "backend-key-for-the-cluster";

    @BeforeAll
    static void start() {
        RedisServer server = RedisServer.start();
        redis = server;
        // No strangers' share of the whole, so that two strangers fill a mailbox of three; two from each at most.
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", server.uri(),
                "chat.offline.max-messages", Integer.toString(MAX_MESSAGES), "chat.offline.stranger-share", "0",
                "chat.offline.max-from-stranger", Integer.toString(FROM_STRANGER), "chat.api.keys", API_KEY));
    }

    private static ServiceProcess a() {
        return nodes.a();
    }

    private static ServiceProcess b() {
        return nodes.b();
    }

    /** Opens a private connection for {@code user} on a node, claims the name and leaves; {@code watcher} sees it. */
    private static void claimAndLeave(ServiceProcess node, String user, ChatClient watcher) {
        ChatClient tab = nodes.direct(node, user);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        leave(tab, user, watcher);
    }

    private static void leave(ChatClient tab, String user, ChatClient watcher) {
        watch(watcher, user);
        tab.close();
        watcher.await(f -> "leave".equals(f.getString("type")) && user.equals(f.getString("from_user")),
                "leave of " + user);
    }

    private static JsonObject send(ChatClient client, String toUser, String info, String cid) {
        client.send(new JsonObject().put("to_user", toUser).put("info", info).put("cid", cid));
        return client.await(f -> cid.equals(f.getString("cid")), "answer to " + cid);
    }

    /** The backend posts through a node's server API. */
    private static Response post(ServiceProcess node, String path, String target, JsonObject body) {
        return given().baseUri("http://127.0.0.1").port(node.port()).header("Authorization", "Bearer " + API_KEY)
                .contentType("application/json").body(body.encode()).post(path, target);
    }

    @Test
    void theBackendsRoomMessagePostedOnOneNodeReachesAMemberOnTheOtherOnce() {
        String room = unique("dev");
        ChatClient aliceOnB = nodes.group(b(), unique("alice"), room);
        JsonObject body = new JsonObject().put("from_user", "deploy-bot").put("info", "shipped").put("cid", "d1");

        Response answer = post(a(), "/api/rooms/{room}/messages", room, body);

        answer.then().statusCode(201);
        JsonObject message = aliceOnB.nextMessage();
        assertEquals("shipped", message.getString("info"));
        assertEquals(Boolean.TRUE, message.getBoolean("server"));
        assertEquals(answer.jsonPath().getLong("offset"), message.getLong("offset"));
        assertEquals(answer.jsonPath().getString("epoch"), message.getString("epoch"));
        post(b(), "/api/rooms/{room}/messages", room, body).then().statusCode(200)
                .body("duplicate", equalTo(true)).body("offset", equalTo(answer.jsonPath().getInt("offset")));
        post(a(), "/api/rooms/{room}/messages", room, body.copy().put("info", "next").put("cid", "d2")).then()
                .statusCode(201);
        assertEquals("next", aliceOnB.nextMessage().getString("info"), "the resend delivered nothing");
    }

    @Test
    void theBackendsPrivateMessagePostedOnOneNodeReachesTheUserOnTheOther() {
        String bob = unique("bob");
        ChatClient bobOnB = nodes.direct(b(), bob);

        post(a(), "/api/users/{user}/messages", bob, new JsonObject().put("from_user", "billing")
                .put("info", "invoice ready")).then().statusCode(201).body("status", equalTo("sent"));

        JsonObject message = bobOnB.nextMessage();
        assertEquals("invoice ready", message.getString("info"));
        assertEquals("billing", message.getString("from_user"));
        assertEquals(Boolean.TRUE, message.getBoolean("server"));
        bobOnB.send(new JsonObject().put("type", "history").put("with_user", "billing"));
        assertEquals(List.of("invoice ready"), bobOnB.historyRun().texts());
    }

    @Test
    void theBackendsMessageForAnOfflineUserIsKeptInRedisForTheirNextConnection() {
        String bob = unique("bob");
        ChatClient watcher = nodes.direct(a(), unique("carol"));
        claimAndLeave(b(), bob, watcher);

        post(a(), "/api/users/{user}/messages", bob, new JsonObject().put("from_user", "billing")
                .put("info", "kept for you")).then().statusCode(201).body("status", equalTo("queued"));

        ChatClient bobOnB = nodes.direct(b(), bob);
        JsonObject kept = bobOnB.nextMessage();
        assertEquals("kept for you", kept.getString("info"));
        assertEquals(Boolean.TRUE, kept.getBoolean("server"));
        assertEquals(Boolean.TRUE, kept.getBoolean("history"));
        assertEquals(1, bobOnB.awaitType("history").getInteger("count"));
    }

    @Test
    void theBackendsMessageForAnUnclaimedOfflineUserIsUserOffline() {
        post(b(), "/api/users/{user}/messages", unique("nobody"), new JsonObject().put("from_user", "billing")
                .put("info", "lost?")).then().statusCode(404).body("code", equalTo("USER_OFFLINE"));
    }

    @Test
    void aMessageKeptOnOneNodeReachesTheAddresseeOnTheOther() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        claimAndLeave(b(), bob, aliceOnA);

        assertEquals("queued", send(aliceOnA, bob, "while you were away", "a1").getString("status"));

        ChatClient bobOnB = nodes.direct(b(), bob);
        JsonObject kept = bobOnB.nextMessage();
        assertEquals("while you were away", kept.getString("info"));
        assertEquals(alice, kept.getString("from_user"));
        assertEquals(Boolean.TRUE, kept.getBoolean("history"));
        JsonObject closing = bobOnB.awaitType("history");
        assertEquals(Boolean.TRUE, closing.getBoolean("mailbox"));
        assertEquals(1, closing.getInteger("count"));
    }

    @Test
    void messagesFromTwoSendersOnTwoNodesArriveInOrderAndOnce() {
        String alice = unique("alice"), carol = unique("carol"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient carolOnB = nodes.direct(b(), carol);
        claimAndLeave(a(), bob, aliceOnA);
        send(aliceOnA, bob, "one", "a1");
        send(carolOnB, bob, "two", "c1");
        send(aliceOnA, bob, "three", "a2");

        ChatClient bobOnB = nodes.direct(b(), bob);
        for (String text : new String[] { "one", "two", "three" }) {
            assertEquals(text, bobOnB.nextMessage().getString("info"));
        }
        assertEquals(3, bobOnB.awaitType("history").getInteger("count"));
        leave(bobOnB, bob, aliceOnA);
        send(aliceOnA, bob, "four", "a3");

        ChatClient bobOnA = nodes.direct(a(), bob);
        // Had the first three been kept still, they would come before it.
        assertEquals("four", bobOnA.nextMessage().getString("info"));
        assertEquals(1, bobOnA.awaitType("history").getInteger("count"));
    }

    @Test
    void aFullMailboxRefusesOnEitherNode() {
        String alice = unique("alice"), carol = unique("carol"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient carolOnB = nodes.direct(b(), carol);
        claimAndLeave(a(), bob, aliceOnA);
        for (int i = 1; i <= MAX_MESSAGES; i++) {
            assertEquals("queued", send(i % 2 == 0 ? carolOnB : aliceOnA, bob, "kept " + i, "k" + i).getString("status"));
        }

        JsonObject refused = send(carolOnB, bob, "one too many", "over");

        assertEquals("MAILBOX_FULL", refused.getString("code"), refused.encode());
        ChatClient bobOnB = nodes.direct(b(), bob);
        assertEquals(MAX_MESSAGES, bobOnB.awaitType("history").getInteger("count"));
    }

    @Test
    void aNameNeverClaimedGetsUserOffline() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        leave(nodes.direct(b(), bob), bob, aliceOnA);

        JsonObject refused = send(aliceOnA, bob, "anyone?", "a1");

        assertEquals("USER_OFFLINE", refused.getString("code"), refused.encode());
    }

    @Test
    void aReceiptCrossesToTheSendersNode() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient bobOnB = nodes.direct(b(), bob);
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "hi"));
        JsonObject message = bobOnB.nextMessage();

        bobOnB.send(new JsonObject().put("type", "read").put("to_user", alice).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset")));

        JsonObject read = aliceOnA.awaitType("read");
        assertEquals(message.getString("id"), read.getString("message_id"));
        assertEquals(bob, read.getString("from_user"));
    }

    @Test
    void aStrangerPastTheirLimitIsRefusedWhileSomeoneTheOwnerWroteToOnTheOtherNodeIsKept() {
        String alice = unique("alice"), carol = unique("carol"), bob = unique("bob");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient carolOnA = nodes.direct(a(), carol);
        ChatClient bobOnB = nodes.direct(b(), bob);
        bobOnB.send(new JsonObject().put("type", "claim"));
        bobOnB.awaitType("claimed");
        assertEquals("sent", send(bobOnB, carol, "see you", "b1").getString("status"));
        leave(bobOnB, bob, aliceOnA);
        for (int i = 1; i <= FROM_STRANGER; i++) {
            assertEquals("queued", send(aliceOnA, bob, "hello " + i, "a" + i).getString("status"));
        }

        JsonObject refused = send(aliceOnA, bob, "one more", "over");

        assertEquals("MAILBOX_FULL", refused.getString("code"), refused.encode());
        assertEquals("queued", send(carolOnA, bob, "see you too", "c1").getString("status"));
    }

    @Test
    void aBlockMadeOnOneNodeRefusesMessagesSentOnTheOtherLiveAndOffline() {
        String mal = unique("mal"), bob = unique("bob");
        ChatClient malOnA = nodes.direct(a(), mal);
        ChatClient bobOnB = nodes.direct(b(), bob);
        bobOnB.send(new JsonObject().put("type", "claim"));
        bobOnB.awaitType("claimed");
        bobOnB.send(new JsonObject().put("type", "block").put("user", mal));
        bobOnB.awaitType("blocked");

        assertEquals("BLOCKED", send(malOnA, bob, "hi", "m1").getString("code"));
        leave(bobOnB, bob, malOnA);
        assertEquals("BLOCKED", send(malOnA, bob, "hi again", "m2").getString("code"));
    }

    /** A newcomer under a free name, on a node: a key of its own, and so an identity of its own. */
    private static ChatClient newcomer(ServiceProcess node, String user) {
        ChatClient client = nodes.connectAsStranger(node, "/privateChat/" + user);
        client.awaitType("presence");
        return client;
    }

    private static ChatClient.HistoryRun history(ChatClient client, String with) {
        client.send(new JsonObject().put("type", "history").put("with_user", with));
        return client.historyRun();
    }

    /** alice on a, bob on b: two messages, then alice's plain hold ends with her connection. */
    private static ChatClient talkThenLeave(String alice, String bob) {
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient bobOnB = nodes.direct(b(), bob);
        for (String text : List.of("m1", "m2")) {
            aliceOnA.send(new JsonObject().put("to_user", bob).put("info", text));
            bobOnB.nextMessage();
        }
        leave(aliceOnA, alice, bobOnB);
        return bobOnB;
    }

    @Test
    void aNewcomerUnderAFreedNameReadsNothingOfItsPredecessorsConversation() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient bobOnB = talkThenLeave(alice, bob);
        assertEquals(List.of("m1", "m2"), history(bobOnB, alice).texts(), "bob still reads his conversation");

        ChatClient next = newcomer(a(), alice);

        assertEquals(List.of(), history(next, bob).texts());
    }

    @Test
    void theOtherSideKeepsTheEarlierAndTheLaterHolderOfANameApart() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient bobOnB = talkThenLeave(alice, bob);
        ChatClient next = newcomer(b(), alice);

        next.send(new JsonObject().put("to_user", bob).put("info", "new here"));
        bobOnB.nextMessage();

        ChatClient.HistoryRun run = history(bobOnB, alice);
        assertEquals(List.of("new here"), run.texts());
        assertEquals(List.of(1L), run.offsets());
    }

    @Test
    void afterAReleaseTheNextHolderReadsNeitherTheConversationNorWhatWasKeptForTheLast() {
        String carol = unique("carol"), dave = unique("dave");
        ChatClient daveOnA = nodes.direct(a(), dave);
        ChatClient carolOnB = nodes.direct(b(), carol);
        ChatClient watcher = nodes.group(a(), unique("watcher"), "lobby");
        daveOnA.send(new JsonObject().put("to_user", carol).put("info", "said before"));
        carolOnB.nextMessage();
        ChatClient lobby = nodes.group(b(), carol, "lobby"); // carol stays, on the group channel
        watcher.await(ChatClient.joined(carol), "carol in the lobby"); // else her leave could cancel her join out
        lobby.send(new JsonObject().put("type", "claim"));
        lobby.awaitType("claimed");
        leave(carolOnB, carol, daveOnA);
        assertEquals("queued", send(daveOnA, carol, "for carol alone", "d1").getString("status"));
        lobby.send(new JsonObject().put("type", "release")); // the page's "Log out"
        lobby.awaitType("released");
        lobby.close();
        watcher.await(ChatClient.left(carol), "leave of " + carol);

        ChatClient next = newcomer(a(), carol);

        ChatClient.HistoryRun run = history(next, dave);
        assertEquals(List.of(), run.texts(), "no mailbox run, and nothing of the conversation");
        assertEquals(null, run.end().getBoolean("mailbox"), run.end().encode());
    }

    @Test
    void aReceiptForAMessageBetweenOthersIsRefused() {
        String alice = unique("alice"), bob = unique("bob"), eve = unique("eve");
        ChatClient aliceOnA = nodes.direct(a(), alice);
        ChatClient bobOnB = nodes.direct(b(), bob);
        ChatClient eveOnB = nodes.direct(b(), eve);
        aliceOnA.send(new JsonObject().put("to_user", bob).put("info", "for bob"));
        JsonObject message = bobOnB.nextMessage();

        eveOnB.send(new JsonObject().put("type", "read").put("to_user", alice).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset")));

        assertEquals(alice, eveOnB.awaitError("UNKNOWN_MESSAGE").getString("to_user"));
        bobOnB.send(new JsonObject().put("type", "received").put("to_user", alice)
                .put("message_id", message.getString("id")).put("offset", message.getLong("offset")));
        JsonObject first = aliceOnA.await(f -> "read".equals(f.getString("type"))
                || "delivered".equals(f.getString("type")), "a receipt");
        assertEquals("delivered", first.getString("type"), "eve's read never reached alice: " + first.encode());
    }
}
