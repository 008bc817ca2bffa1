package io.chatservice.ws;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.chatservice.support.AuditLines;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/**
 * Editing and deleting kept messages: only their author (by identity), within the edit window, on either channel;
 * the backend any room message through the server API. Members hear of each change live; the history keeps the
 * latest text or a tombstone, and the change itself in the stream, so that a recovering client gets what it missed
 * in order. On the memory broker ({@link MessageChangesTest}) and on Redis ({@link RedisMessageChangesTest}), in the
 * application of the presence privacy tests, which has a server API key.
 */
abstract class MessageChangesContract extends ChatTestBase {

    private static final String BEARER = "Bearer " + PresencePrivacyContract.KEY;
    private static final Duration QUIET = Duration.ofMillis(500);

    private static JsonObject edit(String room, JsonObject message, String text) {
        return new JsonObject().put("type", "edit").put("room", room).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset")).put("info", text);
    }

    private static JsonObject delete(String room, JsonObject message) {
        return new JsonObject().put("type", "delete").put("room", room).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset"));
    }

    private static Predicate<JsonObject> type(String type) {
        return f -> type.equals(f.getString("type"));
    }

    /** Says {@code text} in the room and returns the message as its sender got it. */
    private static JsonObject said(ChatClient client, String room, String text) {
        client.send(sayIn(room, text));
        return client.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")), text);
    }

    private static JsonObject answer(ChatClient client, String cid) {
        return client.await(f -> cid.equals(f.getString("cid")), "answer to " + cid);
    }

    private static JsonPath page(String room) {
        return given().get("/api/rooms/{room}/messages", room).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anEditReachesTheRoomAndTheHistoryKeepsTheLatestText() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        JsonObject message = said(alice, room, "helo");

        alice.send(edit(room, message, "hello").put("cid", "e1"));

        JsonObject done = answer(alice, "e1");
        assertEquals("ack", done.getString("type"));
        assertEquals("done", done.getString("status"));
        JsonObject edited = bob.awaitType("edited");
        assertEquals(room, edited.getString("room"));
        assertEquals(alice.welcome().getString("user"), edited.getString("from_user"));
        assertEquals(message.getString("id"), edited.getString("message_id"));
        assertEquals(message.getLong("offset"), edited.getLong("offset"), "the message's offset");
        assertEquals(message.getLong("offset") + 1, edited.getLong("change_offset"), "the stream's next offset");
        assertEquals(message.getString("epoch"), edited.getString("epoch"));
        assertEquals("hello", edited.getString("info"));

        JsonPath page = page(room);
        assertEquals(List.of("message", "edited"), page.getList("messages.type"));
        assertEquals("hello", page.getString("messages[0].info"));
        assertTrue(page.getBoolean("messages[0].edited"));
        assertEquals(message.getString("id"), page.getString("messages[0].id"));
        assertEquals(2, page.getInt("latest"));
    }

    @Test
    void aDeleteLeavesATombstoneThatANewcomerSeesInItsPlace() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        JsonObject first = said(alice, room, "oops, my password");
        JsonObject second = said(alice, room, "still here");

        alice.send(delete(room, first));

        JsonObject deleted = bob.awaitType("deleted");
        assertEquals(first.getString("id"), deleted.getString("message_id"));
        assertEquals(first.getLong("offset"), deleted.getLong("offset"));
        assertEquals(3, deleted.getLong("change_offset"));
        assertNull(deleted.getString("info"));
        ChatClient carol = group(unique("carol"), room);
        ChatClient.HistoryRun run = carol.historyRun();
        assertEquals(List.of("message", "message", "deleted"), run.messages().stream().map(f -> f.getString("type"))
                .toList());
        JsonObject tombstone = run.messages().get(0);
        assertTrue(tombstone.getBoolean("deleted"));
        assertFalse(tombstone.containsKey("info"), "a tombstone keeps no text: " + tombstone.encode());
        assertEquals(first.getString("id"), tombstone.getString("id"));
        assertEquals(second.getString("info"), run.messages().get(1).getString("info"));
        assertEquals(3, run.end().getLong("offset"));
    }

    @Test
    void onlyTheAuthorMayEditOrDeleteAndNobodyElseHearsOfARefusal() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        JsonObject message = said(alice, room, "mine");
        bob.await(f -> "mine".equals(f.getString("info")), "alice's message");

        bob.send(edit(room, message, "yours now").put("cid", "e2"));
        JsonObject refused = answer(bob, "e2");
        assertEquals("NOT_AUTHOR", refused.getString("code"));
        assertEquals(room, refused.getString("room"));
        bob.send(delete(room, message).put("cid", "d2"));
        assertEquals("NOT_AUTHOR", answer(bob, "d2").getString("code"));

        alice.assertNothingMatching(type("edited").or(type("deleted")), QUIET);
        assertEquals("mine", page(room).getString("messages[0].info"));
    }

    @Test
    void aLaterHolderOfAFreedNameIsNotTheAuthorOfItsPredecessorsMessages() {
        String room = unique("dev"), name = unique("alice");
        ChatClient alice = group(name, room);
        ChatClient bob = group(unique("bob"), room);
        JsonObject message = said(alice, room, "said by the first alice");
        alice.close();
        bob.await(ChatClient.left(name), "the first alice leaves");

        ChatClient newcomer = connectAsStranger("/groupchat/" + name + "/" + room);
        newcomer.awaitType("presence");
        newcomer.send(edit(room, message, "rewritten by the next alice").put("cid", "e3"));

        assertEquals("NOT_AUTHOR", answer(newcomer, "e3").getString("code"));
        assertEquals("said by the first alice", page(room).getString("messages[0].info"));
    }

    @Test
    void aMessageNotKeptNowIsUnknown() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        JsonObject message = said(alice, room, "hi");

        alice.send(edit(room, message, "x").put("message_id", "AAAAAAAAAAAA").put("cid", "u1"));
        assertEquals("UNKNOWN_MESSAGE", answer(alice, "u1").getString("code"));
        alice.send(edit(room, message, "x").put("offset", 99).put("cid", "u2"));
        assertEquals("UNKNOWN_MESSAGE", answer(alice, "u2").getString("code"));
        alice.send(edit(room, message, "x"));
        JsonObject change = alice.awaitType("edited");
        alice.send(edit(room, message, "y").put("message_id", change.getString("id"))
                .put("offset", change.getLong("change_offset")).put("cid", "u3"));
        assertEquals("UNKNOWN_MESSAGE", answer(alice, "u3").getString("code"), "a change is no message to edit");
    }

    @Test
    void anEditsTextFollowsTheRulesOfAMessagesText() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        JsonObject message = said(alice, room, "hi");

        alice.send(edit(room, message, "   ").put("cid", "t1"));
        assertEquals("EMPTY_TEXT", answer(alice, "t1").getString("code"));
        alice.send(edit(room, message, "x".repeat(4097)).put("cid", "t2"));
        assertEquals("TEXT_TOO_LONG", answer(alice, "t2").getString("code"));
        alice.send(new JsonObject().put("type", "delete").put("room", room).put("offset", 1).put("cid", "t3"));
        assertEquals("INVALID_FIELD", answer(alice, "t3").getString("code"));
        alice.send(delete(room, message).put("room", unique("elsewhere")).put("cid", "t4"));
        assertEquals("NOT_IN_ROOM", answer(alice, "t4").getString("code"));
        assertEquals("hi", page(room).getString("messages[0].info"));
    }

    @Test
    void deletingADeletedMessageIsDoneAgainAndNothingMoreIsSentWhileEditingItIsRefused() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        JsonObject message = said(alice, room, "gone soon");
        alice.send(delete(room, message));
        bob.awaitType("deleted");

        alice.send(delete(room, message).put("cid", "d1"));
        assertEquals("done", answer(alice, "d1").getString("status"));
        alice.send(edit(room, message, "back").put("cid", "d2"));
        assertEquals("UNKNOWN_MESSAGE", answer(alice, "d2").getString("code"));

        bob.assertNothingMatching(type("deleted").or(type("edited")), QUIET);
        assertEquals(2, page(room).getInt("latest"), "one delete kept");
    }

    @Test
    void aRecoveringClientGetsTheEditsAndDeletesItMissedInOrderWithNoGap() {
        String room = unique("dev"), bobName = unique("bob");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(bobName, room);
        JsonObject seen = said(alice, room, "first");
        bob.await(f -> "first".equals(f.getString("info")), "first");
        bob.close();

        JsonObject missed = said(alice, room, "second");
        alice.send(edit(room, seen, "first, edited"));
        alice.awaitType("edited");
        alice.send(delete(room, missed));
        alice.awaitType("deleted");

        ChatClient back = connect("/groupchat/" + bobName + "/" + room,
                "epoch=" + seen.getString("epoch") + "&offset=" + seen.getLong("offset"));
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertTrue(run.end().getBoolean("recovered"));
        assertEquals(List.of("message", "edited", "deleted"), run.messages().stream().map(f -> f.getString("type"))
                .toList());
        JsonObject second = run.messages().get(0);
        assertEquals(2, second.getLong("offset"));
        assertTrue(second.getBoolean("deleted"), "the missed message as it is now: a tombstone");
        JsonObject edited = run.messages().get(1);
        assertEquals(3, edited.getLong("change_offset"));
        assertEquals(1, edited.getLong("offset"));
        assertEquals("first, edited", edited.getString("info"));
        JsonObject deleted = run.messages().get(2);
        assertEquals(4, deleted.getLong("change_offset"));
        assertEquals(2, deleted.getLong("offset"));
        assertEquals(4, run.end().getLong("offset"));
    }

    @Test
    void historyPagesGiveTheLatestTextsAndTombstones() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        JsonObject one = said(alice, room, "one");
        JsonObject two = said(alice, room, "two");
        said(alice, room, "three");
        alice.send(edit(room, one, "one!"));
        alice.awaitType("edited");
        alice.send(delete(room, two));
        alice.awaitType("deleted");

        JsonPath back = given().get("/api/rooms/{room}/messages?before=4&limit=3", room).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of(1, 2, 3), back.getList("messages.offset"));
        assertEquals("one!", back.getString("messages[0].info"));
        assertTrue(back.getBoolean("messages[0].edited"));
        assertTrue(back.getBoolean("messages[1].deleted"));
        assertNull(back.getString("messages[1].info"));
        assertEquals("three", back.getString("messages[2].info"));
        JsonPath latest = page(room);
        assertEquals(List.of("message", "message", "message", "edited", "deleted"),
                latest.getList("messages.type"));
        assertEquals(List.of(4, 5), latest.getList("messages.change_offset").subList(3, 5));
    }

    @Test
    void anEditInAConversationReachesBothSidesAndItsHistory() {
        String aliceName = unique("alice"), bobName = unique("bob");
        ChatClient alice = direct(aliceName);
        ChatClient aliceOtherTab = direct(aliceName);
        ChatClient bob = direct(bobName);
        alice.send(tell(bobName, "see you at 5"));
        JsonObject message = bob.nextMessage();
        aliceOtherTab.nextMessage();

        alice.send(new JsonObject().put("type", "edit").put("with_user", bobName)
                .put("message_id", message.getString("id")).put("offset", message.getLong("offset"))
                .put("info", "see you at 6").put("cid", "p1"));

        assertEquals("done", answer(alice, "p1").getString("status"));
        for (ChatClient side : List.of(aliceOtherTab, bob)) {
            JsonObject edited = side.awaitType("edited");
            assertEquals(aliceName, edited.getString("from_user"));
            assertEquals(bobName, edited.getString("to_user"));
            assertEquals("see you at 6", edited.getString("info"));
            assertEquals(message.getString("id"), edited.getString("message_id"));
        }
        bob.send(new JsonObject().put("type", "delete").put("with_user", aliceName)
                .put("message_id", message.getString("id")).put("offset", message.getLong("offset")).put("cid", "p2"));
        JsonObject notAuthor = answer(bob, "p2");
        assertEquals("NOT_AUTHOR", notAuthor.getString("code"));
        assertEquals(aliceName, notAuthor.getString("to_user"));
        bob.send(new JsonObject().put("type", "history").put("with_user", aliceName));
        ChatClient.HistoryRun run = bob.historyRun();
        assertEquals("see you at 6", run.messages().get(0).getString("info"));
        assertTrue(run.messages().get(0).getBoolean("edited"));
        assertEquals("edited", run.messages().get(1).getString("type"));
    }

    @Test
    void anEditKeptInAConversationIsNoMessageToConfirm() {
        String aliceName = unique("alice"), bobName = unique("bob");
        ChatClient alice = direct(aliceName);
        ChatClient bob = direct(bobName);
        alice.send(tell(bobName, "hi"));
        JsonObject message = bob.nextMessage();
        alice.send(new JsonObject().put("type", "edit").put("with_user", bobName)
                .put("message_id", message.getString("id")).put("offset", message.getLong("offset"))
                .put("info", "hi!"));
        JsonObject edited = bob.awaitType("edited");

        bob.send(new JsonObject().put("type", "received").put("to_user", aliceName)
                .put("message_id", edited.getString("id")).put("offset", edited.getLong("change_offset"))
                .put("cid", "r1"));

        assertEquals("UNKNOWN_MESSAGE", answer(bob, "r1").getString("code"));
        alice.assertNothingMatching(type("delivered"), QUIET);
    }

    @Test
    void aMessageDeletedWhileWaitingInAMailboxIsHandedOverAsATombstone() {
        String aliceName = unique("alice"), bobName = unique("bob");
        ChatClient tab = direct(bobName);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        tab.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> given().header("Authorization", BEARER)
                .get("/api/users?prefix={p}", bobName).then().extract().jsonPath().getList("name").isEmpty());
        ChatClient alice = direct(aliceName);
        alice.send(tell(bobName, "wrong person, sorry").put("cid", "q1"));
        JsonObject wrong = answer(alice, "q1");
        assertEquals("queued", wrong.getString("status"));
        alice.send(tell(bobName, "hi bob").put("cid", "q2"));
        assertEquals("queued", answer(alice, "q2").getString("status"));
        alice.send(new JsonObject().put("type", "delete").put("with_user", bobName)
                .put("message_id", wrong.getString("message_id")).put("offset", wrong.getLong("offset"))
                .put("cid", "q3"));
        assertEquals("done", answer(alice, "q3").getString("status"));

        ChatClient bob = direct(bobName);
        JsonObject first = bob.await(f -> "message".equals(f.getString("type")), "first letter");
        JsonObject second = bob.await(f -> "message".equals(f.getString("type")), "second letter");
        JsonObject end = bob.awaitType("history");
        assertTrue(end.getBoolean("mailbox"));
        assertEquals(wrong.getString("message_id"), first.getString("id"));
        assertTrue(first.getBoolean("deleted"));
        assertFalse(first.containsKey("info"), "nothing of a deleted letter is handed over: " + first.encode());
        assertEquals("hi bob", second.getString("info"));
    }

    @Test
    void theBackendDeletesAnyRoomMessageAndMembersHearItFromTheServer() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        JsonObject message = said(alice, room, "spam spam spam");

        given().header("Authorization", BEARER).delete("/api/rooms/{room}/messages/{id}", room, message.getString("id"))
                .then().statusCode(204);

        JsonObject deleted = bob.awaitType("deleted");
        assertEquals("*", deleted.getString("from_user"));
        assertTrue(deleted.getBoolean("server"));
        assertEquals(message.getString("id"), deleted.getString("message_id"));
        assertEquals(message.getLong("offset"), deleted.getLong("offset"));
        assertTrue(page(room).getBoolean("messages[0].deleted"));
        given().header("Authorization", BEARER).delete("/api/rooms/{room}/messages/{id}", room, message.getString("id"))
                .then().statusCode(204);
    }

    @Test
    void eachChangeThroughTheServerApiIsAuditedWithTheKeysIdNeverTheKey() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        String id = said(alice, room, "to be removed").getString("id");
        AuditLines capture = new AuditLines();
        List<String> lines = capture.lines();
        capture.start();
        try {
            given().header("Authorization", BEARER).delete("/api/rooms/{room}/messages/{id}", room, id).then()
                    .statusCode(204);
            await().atMost(ChatClient.WAIT).until(() -> lines.stream().anyMatch(line -> line.contains(id)));
        } finally {
            capture.stop();
        }
        String line = lines.stream().filter(l -> l.contains(id)).findFirst().orElseThrow();
        assertTrue(line.matches("deleted message " + id + " in room " + room + " with API key [0-9a-f]{8}"), line);
        assertFalse(line.contains(PresencePrivacyContract.KEY), "never the key");
    }

    @Test
    void theBackendEditsAnyRoomMessage() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        JsonObject message = said(alice, room, "call 555-0100");

        given().header("Authorization", BEARER).contentType(ContentType.JSON).body("{\"info\":\"[number removed]\"}")
                .put("/api/rooms/{room}/messages/{id}", room, message.getString("id")).then().statusCode(204);

        JsonObject edited = alice.awaitType("edited");
        assertEquals("[number removed]", edited.getString("info"));
        assertTrue(edited.getBoolean("server"));
        assertEquals("[number removed]", page(room).getString("messages[0].info"));
    }

    @Test
    void theServerApiRefusesAnUnknownMessageABadTextAndACallerWithoutItsKey() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        JsonObject message = said(alice, room, "hi");
        String id = message.getString("id");

        given().header("Authorization", BEARER).delete("/api/rooms/{room}/messages/{id}", room, "AAAAAAAAAAAA")
                .then().statusCode(404).body("code", equalTo("UNKNOWN_MESSAGE"));
        given().header("Authorization", BEARER).delete("/api/rooms/{room}/messages/{id}", unique("none"), id)
                .then().statusCode(404).body("code", equalTo("UNKNOWN_MESSAGE"));
        given().header("Authorization", BEARER).contentType(ContentType.JSON).body("{\"info\":\"\"}")
                .put("/api/rooms/{room}/messages/{id}", room, id).then().statusCode(400)
                .body("code", equalTo("EMPTY_TEXT"));
        given().delete("/api/rooms/{room}/messages/{id}", room, id).then().statusCode(401)
                .body("code", equalTo("API_KEY_REQUIRED"));
        given().header("Authorization", "Bearer not-the-key").contentType(ContentType.JSON).body("{\"info\":\"x\"}")
                .put("/api/rooms/{room}/messages/{id}", room, id).then().statusCode(401)
                .body("code", equalTo("API_KEY_INVALID"));
        assertEquals("hi", page(room).getString("messages[0].info"));
    }
}
