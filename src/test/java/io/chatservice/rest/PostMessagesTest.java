package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.chatservice.admission.AuditProfile;
import io.chatservice.support.AuditLines;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * The server API's messages: the application's backend posts into a room ({@code POST /api/rooms/{room}/messages})
 * and sends a user a private message ({@code POST /api/users/{user}/messages}) with a server API key, and the chat's
 * users receive them as they receive each other's, marked {@code "server":true}. On the memory broker; the Redis side
 * is in {@code MailboxClusterIT}.
 */
@QuarkusTest
@TestProfile(AuditProfile.class)
class PostMessagesTest extends ChatTestBase {

    private static final String BEARER = "Bearer " + AuditProfile.API_KEY;
    /** {@code chat.offline.max-from-stranger}'s default: the backend's names are strangers to a mailbox. */
    private static final int FROM_STRANGER = 20;

    private final AuditLines capture = new AuditLines();
    private final List<String> audit = capture.lines();

    @BeforeEach
    void listen() {
        capture.start();
    }

    @AfterEach
    void stopListening() {
        capture.stop();
    }

    private static RequestSpecification backend() {
        return given().header("Authorization", BEARER).contentType("application/json");
    }

    private static JsonObject body(String fromUser, String info, String cid) {
        JsonObject body = new JsonObject().put("from_user", fromUser).put("info", info);
        return cid == null ? body : body.put("cid", cid);
    }

    private static Response postToRoom(String room, JsonObject body) {
        return backend().body(body.encode()).post("/api/rooms/{room}/messages", room);
    }

    private static Response postToUser(String user, JsonObject body) {
        return backend().body(body.encode()).post("/api/users/{user}/messages", user);
    }

    private static void leave(ChatClient tab, String user, ChatClient watcher) {
        watch(watcher, user);
        tab.close();
        watcher.await(ChatClient.left(user), "leave of " + user);
    }

    @Test
    void aMemberReceivesTheBackendsMessageWithTheOffsetAndEpochTheAnswerGave() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);

        Response answer = postToRoom(room, body("deploy-bot", "v2.4.1 is live", "d1"));

        answer.then().statusCode(201).body("room", equalTo(room)).body("from_user", equalTo("deploy-bot"))
                .body("id", notNullValue());
        JsonObject message = alice.nextMessage();
        assertEquals("v2.4.1 is live", message.getString("info"));
        assertEquals("deploy-bot", message.getString("from_user"));
        assertEquals(room, message.getString("room"));
        assertEquals(Boolean.TRUE, message.getBoolean("server"), message.encode());
        assertEquals(answer.jsonPath().getString("id"), message.getString("id"));
        assertEquals(answer.jsonPath().getLong("offset"), message.getLong("offset"));
        assertEquals(answer.jsonPath().getString("epoch"), message.getString("epoch"));
        assertNull(answer.jsonPath().get("duplicate"));
        assertTrue(answer.header("Location").startsWith("/api/rooms/" + room + "/messages?before="),
                answer.header("Location"));
    }

    @Test
    void aUsersMessageCarriesNoServerMark() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);

        alice.send(sayIn(room, "by hand"));

        assertNull(alice.nextMessage().getValue("server"));
    }

    @Test
    void thePostedMessageIsInTheRoomsHistoryWhereItsLocationPoints() {
        String room = unique("dev");
        Response answer = postToRoom(room, body("deploy-bot", "kept", null));
        answer.then().statusCode(201);

        given().get(answer.header("Location")).then().statusCode(200)
                .body("messages.info", contains("kept"))
                .body("messages[0].server", equalTo(true))
                .body("messages[0].offset", equalTo(answer.jsonPath().getInt("offset")));
    }

    @Test
    void aRoomNameIsFoldedAsAConnectionsIs() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);

        postToRoom(room.toUpperCase(), body("deploy-bot", "to the room", null)).then().statusCode(201)
                .body("room", equalTo(room));

        assertEquals("to the room", alice.nextMessage().getString("info"));
    }

    @Test
    void aClientThatRecoversGetsWhatTheBackendPostedMeanwhile() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        alice.send(sayIn(room, "before"));
        JsonObject seen = alice.nextMessage();
        alice.close();

        postToRoom(room, body("deploy-bot", "while you were away", null)).then().statusCode(201);

        ChatClient back = connect("/groupchat/" + unique("bob") + "/" + room,
                "epoch=" + seen.getString("epoch") + "&offset=" + seen.getLong("offset"));
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertEquals(List.of("while you were away"), run.texts());
        assertEquals(Boolean.TRUE, run.messages().get(0).getBoolean("server"));
        assertTrue(run.end().getBoolean("recovered"));
    }

    @Test
    void theSameCidAgainAnswersTheFirstMessageAndDeliversNothing() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        Response first = postToRoom(room, body("deploy-bot", "once", "same-1"));
        first.then().statusCode(201);
        alice.nextMessage();

        Response again = postToRoom(room, body("deploy-bot", "once", "same-1"));

        again.then().statusCode(200).body("duplicate", equalTo(true))
                .body("id", equalTo(first.jsonPath().getString("id")))
                .body("offset", equalTo(first.jsonPath().getInt("offset")));
        postToRoom(room, body("deploy-bot", "next", "same-2")).then().statusCode(201);
        assertEquals("next", alice.nextMessage().getString("info"), "nothing delivered in between");
    }

    @Test
    void theSameCidFromAnotherFromUserIsAnotherMessage() {
        String room = unique("dev");
        postToRoom(room, body("deploy-bot", "one", "c-1")).then().statusCode(201);

        postToRoom(room, body("ci-bot", "two", "c-1")).then().statusCode(201);
    }

    @Test
    void noKeyOrAWrongKeyIs401() {
        given().contentType("application/json").body(body("deploy-bot", "x", null).encode())
                .post("/api/rooms/{room}/messages", "dev").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("code", equalTo("API_KEY_REQUIRED"));
        given().header("Authorization", "Bearer not-the-key").contentType("application/json")
                .body(body("deploy-bot", "x", null).encode()).post("/api/users/{user}/messages", "bob").then()
                .statusCode(401).body("code", equalTo("API_KEY_INVALID"));
    }

    @Test
    void badInputIs400WithItsCode() {
        String room = unique("dev");
        postToRoom("a b", body("deploy-bot", "x", null)).then().statusCode(400).body("code", equalTo("INVALID_ROOM"));
        postToRoom(room, body("deploy bot", "x", null)).then().statusCode(400)
                .body("code", equalTo("INVALID_USERNAME"));
        postToRoom(room, new JsonObject().put("info", "x")).then().statusCode(400)
                .body("code", equalTo("INVALID_USERNAME"));
        postToRoom(room, body("deploy-bot", "  ", null)).then().statusCode(400).body("code", equalTo("EMPTY_TEXT"));
        postToRoom(room, body("deploy-bot", "x".repeat(4097), null)).then().statusCode(400)
                .body("code", equalTo("TEXT_TOO_LONG"));
        postToRoom(room, body("deploy-bot", "x", "c".repeat(65))).then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
        postToRoom(room, body("deploy-bot", "x", null).put("room", "other")).then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD")).body("reason", equalTo(
                        "unknown field 'room'; a message has from_user, info and cid"));
        backend().body("{\"from_user\":").post("/api/rooms/{room}/messages", room).then().statusCode(400)
                .body("code", equalTo("MALFORMED_JSON"));
        postToUser("bad name", body("billing", "x", null)).then().statusCode(400)
                .body("code", equalTo("INVALID_USERNAME"));
    }

    @Test
    void nothingRefusedReachesTheRoom() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        postToRoom(room, body("deploy-bot", " ", null)).then().statusCode(400);

        postToRoom(room, body("deploy-bot", "fine", null)).then().statusCode(201);

        assertEquals("fine", alice.nextMessage().getString("info"));
    }

    @Test
    void aCallerOverItsRateIs429WithRetryAfter() {
        Response refused = null;
        // Twice the burst: on a loaded machine the calls are slow, and the budget refills (one a second) meanwhile.
        for (int i = 0; i < 2 * AuditProfile.API_BURST && refused == null; i++) {
            Response answer = given().header("Authorization", "Bearer " + AuditProfile.OTHER_KEY)
                    .body("{}").post("/api/rooms/{room}/messages", "dev");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertEquals(400, answer.statusCode(), "a call within the budget is served");
            }
        }

        assertTrue(refused != null, "refused past the burst");
        refused.then().body("code", equalTo("RATE_LIMITED"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
        postToRoom(unique("dev"), body("deploy-bot", "another caller is served", null)).then().statusCode(201);
    }

    @Test
    void aUserOnlineGetsTheBackendsPrivateMessageOnEveryTab() {
        String bob = unique("bob");
        ChatClient tab1 = direct(bob);
        ChatClient tab2 = direct(bob);

        Response answer = postToUser(bob, body("billing", "your invoice is ready", "inv-1"));

        answer.then().statusCode(201).body("status", equalTo("sent")).body("to_user", equalTo(bob))
                .body("from_user", equalTo("billing"));
        for (ChatClient tab : List.of(tab1, tab2)) {
            JsonObject message = tab.nextMessage();
            assertEquals("your invoice is ready", message.getString("info"));
            assertEquals("billing", message.getString("from_user"));
            assertEquals(bob, message.getString("to_user"));
            assertEquals(Boolean.TRUE, message.getBoolean("server"));
            assertEquals(answer.jsonPath().getLong("offset"), message.getLong("offset"));
        }
    }

    @Test
    void theUserReadsTheConversationBackWithAHistoryFrame() {
        String bob = unique("bob");
        ChatClient b = direct(bob);
        postToUser(bob, body("billing", "first", null)).then().statusCode(201);
        postToUser(bob, body("billing", "second", null)).then().statusCode(201);
        b.nextMessage();
        b.nextMessage();

        b.send(new JsonObject().put("type", "history").put("with_user", "billing"));
        ChatClient.HistoryRun run = b.historyRun();

        assertEquals(List.of("first", "second"), run.texts());
        assertEquals(Boolean.TRUE, run.messages().get(0).getBoolean("server"));
    }

    @Test
    void aMessageForAnOfflineClaimedUserIsQueuedAndDeliveredOnConnect() {
        String bob = unique("bob");
        ChatClient watcher = direct(unique("carol"));
        ChatClient tab = direct(bob);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        leave(tab, bob, watcher);

        postToUser(bob, body("billing", "kept for you", "q1")).then().statusCode(201)
                .body("status", equalTo("queued"));

        ChatClient back = direct(bob);
        JsonObject kept = back.nextMessage();
        assertEquals("kept for you", kept.getString("info"));
        assertEquals("billing", kept.getString("from_user"));
        assertEquals(Boolean.TRUE, kept.getBoolean("server"));
        assertEquals(Boolean.TRUE, kept.getBoolean("history"));
        assertEquals(Boolean.TRUE, back.awaitType("history").getBoolean("mailbox"));
    }

    @Test
    void theBackendFillsAnOfflineUsersMailboxAsAStrangerDoesThen429MailboxFull() {
        String bob = unique("bob");
        ChatClient watcher = direct(unique("carol"));
        ChatClient tab = direct(bob);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        leave(tab, bob, watcher);
        for (int i = 0; i < FROM_STRANGER; i++) {
            postToUser(bob, body("billing", "notice " + i, null)).then().statusCode(201)
                    .body("status", equalTo("queued"));
        }

        postToUser(bob, body("billing", "one too many", null)).then().statusCode(429)
                .body("code", equalTo("MAILBOX_FULL"));
    }

    @Test
    void theBackendWritingUnderAUsersNameOpensNoRoomInThatUsersMailbox() {
        String billing = unique("billing"), bob = unique("bob");
        ChatClient b = direct(bob);
        ChatClient tab = direct(billing);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        leave(tab, billing, b);
        postToUser(bob, body(billing, "from the backend, not from the user", null)).then().statusCode(201);

        for (int i = 0; i < FROM_STRANGER; i++) {
            String cid = "s" + i;
            b.send(tell(billing, "m" + i).put("cid", cid));
            assertEquals("queued", b.await(f -> cid.equals(f.getString("cid")), "ack").getString("status"));
        }
        b.send(tell(billing, "one too many").put("cid", "over"));

        assertEquals("MAILBOX_FULL", b.await(f -> "over".equals(f.getString("cid")), "refusal").getString("code"),
                "bob is still a stranger to the user billing's mailbox");
    }

    @Test
    void anUnclaimedOfflineUserIs404UserOffline() {
        postToUser(unique("nobody"), body("billing", "lost?", null)).then().statusCode(404)
                .body("code", equalTo("USER_OFFLINE"));
    }

    @Test
    void everyCallIsAuditedWithCallerTargetAndCidButNoKeyOrText() {
        String room = unique("dev");
        postToRoom(room, body("deploy-bot", "a secret release", "audit-1")).then().statusCode(201);

        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(line -> line.startsWith("api POST")
                && line.contains("room " + room) && line.contains("from_user deploy-bot")
                && line.contains("cid audit-1") && line.endsWith(": 201")));
        String line = audit.stream().filter(l -> l.contains("cid audit-1")).findFirst().orElseThrow();
        assertTrue(line.matches(".* by [0-9a-f]{8}: 201"), line);
        assertFalse(audit.stream().anyMatch(l -> l.contains(AuditProfile.API_KEY)
                || l.contains("secret release")), "no key or text in the log: " + audit);
    }

    @Test
    void aRefusedCallIsAuditedWithItsStatus() {
        postToUser(unique("nobody"), body("billing", "x", "audit-2")).then().statusCode(404);

        await().atMost(Duration.ofSeconds(5)).until(() -> audit.stream().anyMatch(line -> line.contains("user nobody")
                && line.contains("cid audit-2") && line.endsWith(": 404")));
    }
}
