package io.chatservice.moderation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.admission.AuditProfile;
import io.chatservice.support.AuditLines;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * Moderation through the server API, as a user's clients see it: kicks, bans at once and at admission, mutes in a
 * room. Run on the memory broker ({@link ModerationTest}) and on Redis ({@link RedisModerationTest}).
 */
abstract class ModerationContract extends ChatTestBase {

    static final String KEY = AuditProfile.MODERATION_KEY;

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + KEY);
    }

    static void ban(String user, String body) {
        api().body(body).put("/api/bans/{user}", user).then().statusCode(201);
    }

    static void mute(String room, String user, String body) {
        api().body(body).put("/api/rooms/{room}/mutes/{user}", room, user).then().statusCode(201);
    }

    /** Whether a newcomer under the name is let in now: refused ones are closed, so each try is a new connection. */
    private boolean letIn(String path) {
        return letIn(path, null);
    }

    /** @param query raw, e.g. {@code key=…}; null for none */
    private boolean letIn(String path, String query) {
        ChatClient client = connect(path, query);
        boolean in = client.welcome() != null;
        client.close();
        return in;
    }

    // Kicks

    @Test
    void aKickClosesEveryConnectionOfTheUserWith4010AndNobodyElses() {
        String room = unique("room"), alice = letters('a');
        ChatClient groupTab = group(alice, room);
        ChatClient otherTab = group(alice, room);
        ChatClient privateTab = direct(alice);
        ChatClient bob = group(unique("bob"), room);

        api().queryParam("reason", "take a break").delete("/api/users/{user}/connections", alice).then()
                .statusCode(200).body("user", equalTo(alice)).body("closed", equalTo(3));

        for (ChatClient tab : new ChatClient[] { groupTab, otherTab, privateTab }) {
            assertEquals(4010, tab.awaitClose());
            assertEquals("take a break", tab.closeReason());
        }
        bob.send(sayIn(room, "still here"));
        bob.await(f -> "still here".equals(f.getString("info")), "bob's own message");
        assertTrue(!bob.isClosed());
    }

    @Test
    void aKickClosesEverySpellingOfTheName() {
        String alice = letters('a');
        ChatClient upper = direct(alice.toUpperCase());

        api().delete("/api/users/{user}/connections", alice).then().statusCode(200).body("closed", equalTo(1));

        assertEquals(4010, upper.awaitClose());
    }

    @Test
    void aKickedUserMayConnectAgain() {
        String alice = letters('a');
        ChatClient first = direct(alice);
        api().delete("/api/users/{user}/connections", alice).then().statusCode(200);
        first.awaitClose();

        assertTrue(letIn("/privateChat/" + alice, "key=" + first.key()));
    }

    @Test
    void aKickOfSomeoneOfflineClosesNothing() {
        api().delete("/api/users/{user}/connections", letters('n')).then().statusCode(200).body("closed", equalTo(0));
    }

    // Bans

    @Test
    void aBanTellsTheUsersConnectionsWhyAndClosesThemWith4403() {
        String alice = letters('a');
        ChatClient tab = group(alice, unique("room"));
        ChatClient privateTab = direct(alice);

        api().body("{\"duration\":\"1h\",\"reason\":\"spam\"}").put("/api/bans/{user}", alice).then()
                .statusCode(201).body("user", equalTo(alice)).body("reason", equalTo("spam"));

        for (ChatClient client : new ChatClient[] { tab, privateTab }) {
            JsonObject banned = client.awaitError("BANNED");
            assertEquals("spam", banned.getString("info"));
            long retryAfter = banned.getLong("retry_after_ms");
            assertTrue(retryAfter > 3_500_000 && retryAfter <= 3_600_000, banned.encode());
            assertEquals(4403, client.awaitClose());
            assertEquals("spam", client.closeReason());
        }
    }

    @Test
    void aBannedNameIsRefusedAtAdmissionInEverySpelling() {
        String alice = letters('a');
        ban(alice, "{\"duration\":\"1h\",\"reason\":\"spam\"}");

        for (String path : new String[] { "/groupchat/" + alice, "/privateChat/" + alice.toUpperCase() }) {
            ChatClient refused = connectAsStranger(path);
            JsonObject error = refused.awaitError("BANNED");
            assertEquals("spam", error.getString("info"));
            assertNotNull(error.getLong("retry_after_ms"));
            assertEquals(4403, refused.awaitClose());
            assertNull(refused.welcome());
        }
    }

    @Test
    void aBanWithoutADurationLastsTheLongestAllowed() {
        String alice = letters('a');
        String until = api().put("/api/bans/{user}", alice).then().statusCode(201).extract().path("until");

        Duration length = Duration.between(Instant.now(), Instant.parse(until));
        assertTrue(length.compareTo(Duration.ofDays(29)) > 0 && length.compareTo(Duration.ofDays(30)) <= 0,
                length.toString());
    }

    @Test
    void aBanSetAgainReplacesTheOneInForce() {
        String alice = letters('a');
        ban(alice, "{\"duration\":\"1h\"}");

        api().body("{\"duration\":\"PT2H\",\"reason\":\"again\"}").put("/api/bans/{user}", alice).then()
                .statusCode(200).body("reason", equalTo("again"));
    }

    @Test
    void liftingABanLetsTheNameInAgain() {
        String alice = letters('a');
        ban(alice, "{\"duration\":\"1h\"}");
        assertTrue(!letIn("/groupchat/" + alice));

        api().delete("/api/bans/{user}", alice.toUpperCase()).then().statusCode(200).body("user", equalTo(alice));

        assertTrue(letIn("/groupchat/" + alice));
    }

    @Test
    void aBanEndsByItself() {
        String alice = letters('a');
        ban(alice, "{\"duration\":\"2s\"}");
        assertTrue(!letIn("/groupchat/" + alice));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> letIn("/groupchat/" + alice));
        api().delete("/api/bans/{user}", alice).then().statusCode(404);
    }

    @Test
    void theBansInForceAreListedInPages() {
        String prefix = letters('b');
        String first = prefix + "a", second = prefix + "b", third = prefix + "c";
        ban(first, "{\"duration\":\"1h\",\"reason\":\"one\"}");
        ban(second, "{\"duration\":\"1h\",\"reason\":\"two\"}");
        ban(third, "{\"duration\":\"1h\",\"reason\":\"three\"}");

        api().queryParam("after", prefix).queryParam("limit", 2).get("/api/bans").then().statusCode(200)
                .body("bans.user", contains(first, second)).body("bans.reason", contains("one", "two"))
                .body("bans[0].by", not(nullValue())).body("next", equalTo(second));
        api().queryParam("after", second).queryParam("limit", 1).get("/api/bans").then().statusCode(200)
                .body("bans.user", contains(third));
    }

    @Test
    void aLiftedBanIsNoLongerListed() {
        String alice = letters('a');
        ban(alice, "{\"duration\":\"1h\"}");
        api().delete("/api/bans/{user}", alice).then().statusCode(200);

        api().queryParam("limit", 1000).get("/api/bans").then().statusCode(200).body("bans.user", not(hasItem(alice)));
    }

    @Test
    void aBanLongerThanTheLongestAllowedIsRefused() {
        api().body("{\"duration\":\"31d\"}").put("/api/bans/{user}", letters('a')).then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
    }

    @Test
    void aDurationThatIsNoneIsRefused() {
        for (String body : new String[] { "{\"duration\":\"soon\"}", "{\"duration\":\"0m\"}", "{\"duration\":5}" }) {
            api().body(body).put("/api/bans/{user}", letters('a')).then().statusCode(400)
                    .body("code", equalTo("INVALID_FIELD"));
        }
    }

    @Test
    void aBodyThatIsNotTheTermsIsRefused() {
        api().body("{\"duration\":").put("/api/bans/{user}", letters('a')).then().statusCode(400)
                .body("code", equalTo("MALFORMED_JSON"));
        api().body("{\"until\":\"tomorrow\"}").put("/api/bans/{user}", letters('a')).then().statusCode(400)
                .body("code", equalTo("UNKNOWN_FIELD"));
        api().body("{\"reason\":\"" + "x".repeat(201) + "\"}").put("/api/bans/{user}", letters('a')).then()
                .statusCode(400).body("code", equalTo("INVALID_FIELD"));
    }

    @Test
    void aNameNoUserCanHaveIsRefused() {
        api().body("{}").put("/api/bans/{user}", "a b").then().statusCode(400).body("code", equalTo("INVALID_USERNAME"));
        api().delete("/api/users/{user}/connections", "a b").then().statusCode(400)
                .body("code", equalTo("INVALID_USERNAME"));
    }

    @Test
    void liftingABanThatIsNotThereIs404() {
        api().delete("/api/bans/{user}", letters('a')).then().statusCode(404).body("code", equalTo("NOT_BANNED"));
    }

    @Test
    void everyModerationCallNeedsAValidKey() {
        String alice = letters('a');
        given().body("{}").put("/api/bans/{user}", alice).then().statusCode(401).body("code", equalTo("API_KEY_REQUIRED"));
        given().header("Authorization", "Bearer wrong").delete("/api/users/{user}/connections", alice).then()
                .statusCode(401).body("code", equalTo("API_KEY_INVALID"));
        given().get("/api/bans").then().statusCode(401);
        given().get("/api/rooms/{room}/mutes", "dev").then().statusCode(401);
        given().body("{}").put("/api/rooms/{room}/mutes/{user}", "dev", alice).then().statusCode(401);
        assertTrue(letIn("/groupchat/" + alice), "nothing was done without a key");
    }

    @Test
    void everyActIsAuditedWithTheKeysIdAndNeverTheKey() throws Exception {
        AuditLines capture = new AuditLines();
        List<String> lines = capture.lines();
        String keyId = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)), 0, 4);
        String alice = letters('a'), room = unique("room");
        capture.start();
        try {
            ban(alice, "{\"duration\":\"1h\",\"reason\":\"spam\"}");
            api().delete("/api/bans/{user}", alice).then().statusCode(200);
            mute(room, alice, "{\"duration\":\"1h\"}");
            api().delete("/api/rooms/{room}/mutes/{user}", room, alice).then().statusCode(200);
            api().delete("/api/users/{user}/connections", alice).then().statusCode(200);

            for (String act : new String[] { "banned " + alice, "lifted the ban of " + alice, "muted " + alice,
                    "unmuted " + alice, "closed the connections of " + alice }) {
                await().atMost(ChatClient.WAIT).until(() -> lines.stream()
                        .anyMatch(line -> line.startsWith(act) && line.contains(keyId)));
            }
            assertTrue(lines.stream().noneMatch(line -> line.contains(KEY)), lines.toString());
        } finally {
            capture.stop();
        }
    }

    // Mutes

    @Test
    void aMutedUserStillReadsTheRoomButWhatTheySayThereGoesNowhere() {
        String room = unique("room"), alice = letters('a');
        ChatClient aliceTab = group(alice, room);
        ChatClient bob = group(unique("bob"), room);
        mute(room, alice, "{\"duration\":\"10m\",\"reason\":\"flooding\"}");

        aliceTab.send(sayIn(room, "let me speak").put("cid", "c1"));
        JsonObject muted = aliceTab.awaitError("MUTED");
        assertEquals(room, muted.getString("room"));
        assertEquals("c1", muted.getString("cid"));
        assertTrue(muted.getLong("retry_after_ms") > 590_000, muted.encode());
        assertTrue(muted.getString("info").contains("flooding"), muted.encode());

        bob.send(sayIn(room, "you are muted"));
        aliceTab.await(f -> "you are muted".equals(f.getString("info")), "bob's message, read by alice");
        bob.assertNothingMatching(f -> "let me speak".equals(f.getString("info")), Duration.ofMillis(300));
        given().get("/api/rooms/{room}/messages", room).then().statusCode(200)
                .body("messages.info", contains("you are muted"));
    }

    @Test
    void aMutedUserMayJoinTheRoom() {
        String room = unique("room"), alice = letters('a');
        mute(room, alice.toUpperCase(), "{\"duration\":\"10m\"}");

        ChatClient aliceTab = group(alice, room);
        aliceTab.send(sayIn(room, "hello"));
        aliceTab.awaitError("MUTED");
    }

    @Test
    void aMuteHoldsInItsRoomOnly() {
        String muted = unique("room"), free = unique("room"), alice = letters('a');
        ChatClient aliceTab = group(alice, muted);
        aliceTab.send(new JsonObject().put("type", "join").put("room", free));
        aliceTab.await(f -> "presence".equals(f.getString("type")) && free.equals(f.getString("room")), "presence");
        mute(muted, alice, "{\"duration\":\"10m\"}");

        aliceTab.send(sayIn(free, "elsewhere"));

        aliceTab.await(f -> "elsewhere".equals(f.getString("info")), "alice's message in the other room");
    }

    @Test
    void anUnmutedUserSpeaksAgain() {
        String room = unique("room"), alice = letters('a');
        ChatClient aliceTab = group(alice, room);
        mute(room, alice, "{\"duration\":\"10m\"}");
        aliceTab.send(sayIn(room, "muted"));
        aliceTab.awaitError("MUTED");

        api().delete("/api/rooms/{room}/mutes/{user}", room, alice).then().statusCode(200)
                .body("room", equalTo(room)).body("user", equalTo(alice));
        aliceTab.send(sayIn(room, "back"));

        aliceTab.await(f -> "back".equals(f.getString("info")), "alice's message after the unmute");
    }

    @Test
    void aRoomsMutesAreListed() {
        String room = unique("room"), alice = letters('a'), bob = letters('b');
        mute(room, alice, "{\"duration\":\"10m\",\"reason\":\"one\"}");
        mute(room, bob, "{\"duration\":\"10m\",\"reason\":\"two\"}");

        api().get("/api/rooms/{room}/mutes", room.toUpperCase()).then().statusCode(200).body("room", equalTo(room))
                .body("mutes.user", contains(alice, bob)).body("mutes.reason", contains("one", "two"));
        api().get("/api/rooms/{room}/mutes", unique("room")).then().statusCode(200).body("mutes", org.hamcrest.Matchers.empty());
    }

    @Test
    void unmutingSomeoneNotMutedIs404() {
        api().delete("/api/rooms/{room}/mutes/{user}", unique("room"), letters('a')).then().statusCode(404)
                .body("code", equalTo("NOT_MUTED"));
    }

    @Test
    void aMuteInARoomNoOneCanHaveIsRefused() {
        api().body("{}").put("/api/rooms/{room}/mutes/{user}", "no room", letters('a')).then().statusCode(400)
                .body("code", equalTo("INVALID_ROOM"));
    }
}
