package io.chatservice.ws;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.vertx.core.json.JsonObject;

/**
 * {@code chat.presence.public=false}: who is online is told to no one who has no server API key, and the private
 * channel tells each user of themselves alone; rooms still show their members to each other. Run on the memory
 * broker ({@link PresencePrivacyTest}) and on Redis ({@link RedisPresencePrivacyTest}).
 */
abstract class PresencePrivacyContract extends ChatTestBase {

    static final String KEY = "presence-test-key";
    private static final String BEARER = "Bearer " + KEY;

    public static class PresenceNotPublic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.presence.public", "false", "chat.api.keys", KEY);
        }
    }

    private static Predicate<JsonObject> notice(String type, String user) {
        return f -> type.equals(f.getString("type")) && user.equals(f.getString("from_user"));
    }

    @Test
    void listingUsersNeedsTheServerApiKey() {
        String alice = unique("alice");
        direct(alice);

        given().get("/api/users").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("API_KEY_REQUIRED"));
        given().header("Authorization", "Bearer not-the-key").get("/api/users").then().statusCode(401)
                .body("code", equalTo("API_KEY_INVALID"));
        given().header("Authorization", BEARER).get("/api/users").then().statusCode(200)
                .body("name", hasItem(alice));
    }

    @Test
    void listingRoomsAndARoomsMembersNeedsTheServerApiKey() {
        String room = unique("room"), alice = unique("alice");
        group(alice, room);

        given().get("/api/rooms").then().statusCode(401).body("code", equalTo("API_KEY_REQUIRED"));
        given().get("/api/rooms/{room}", room).then().statusCode(401).body("code", equalTo("API_KEY_REQUIRED"));
        given().header("Authorization", BEARER).get("/api/rooms").then().statusCode(200).body("name", hasItem(room));
        given().header("Authorization", BEARER).get("/api/rooms/{room}", room).then().statusCode(200)
                .body("members", contains(alice));
    }

    @Test
    void aRoomsMembersPageNeedsAServerApiKey() {
        String room = unique("room"), alice = unique("alice");
        group(alice, room);

        given().get("/api/rooms/{room}/members", room).then().statusCode(401).body("code", equalTo("API_KEY_REQUIRED"));
        given().header("Authorization", BEARER).get("/api/rooms/{room}/members", room).then().statusCode(200)
                .body("users", contains(alice)).body("count", equalTo(1));
    }

    @Test
    void aRoomsHistoryNeedsNoKeyAndTellsNothingOfItsMembers() {
        String talked = unique("talked"), quiet = unique("quiet");
        ChatClient alice = group(unique("alice"), talked);
        alice.send(sayIn(talked, "kept"));
        alice.nextMessage();
        group(unique("bob"), quiet);

        given().get("/api/rooms/{room}/messages", talked).then().statusCode(200)
                .body("messages.info", contains("kept"));
        given().get("/api/rooms/{room}/messages", quiet).then().statusCode(404)
                .body("code", equalTo("ROOM_NOT_FOUND"));
    }

    @Test
    void thePrivatePresenceFrameNamesTheUserAlone() {
        String alice = unique("alice"), bob = unique("bob");
        direct(alice);

        JsonObject presence = connect("/privateChat/" + bob).awaitType("presence");

        assertEquals(List.of(bob), presence.getJsonArray("users").getList());
    }

    @Test
    void nobodyOnThePrivateChannelHearsAUserComeOrGo() {
        String bob = unique("bob");
        ChatClient alice = direct(unique("alice"));

        ChatClient bobClient = direct(bob);
        bobClient.close();

        alice.assertNothingMatching(notice("join", bob).or(notice("leave", bob)), Duration.ofMillis(700));
    }

    @Test
    void watchingAndLookingUpAreRefusedAsPresenceIsPrivate() {
        String bob = unique("bob");
        direct(bob);
        ChatClient alice = direct(unique("alice"));

        alice.send(new JsonObject().put("type", "watch").put("users", new io.vertx.core.json.JsonArray().add(bob)));
        alice.awaitError("PRESENCE_PRIVATE");
        alice.send(new JsonObject().put("type", "lookup").put("prefix", "b"));
        alice.awaitError("PRESENCE_PRIVATE");

        alice.assertNothingMatching(f -> "watching".equals(f.getString("type")) || "users".equals(f.getString("type")),
                Duration.ofMillis(300));
        alice.send(tell(bob, "still talking"));
        assertEquals("still talking", alice.nextMessage().getString("info"));
    }

    @Test
    void privateMessagesStillReachWhoeverIsOnline() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceClient = direct(alice);
        ChatClient bobClient = direct(bob);

        aliceClient.send(tell(bob, "hi"));

        assertEquals("hi", bobClient.nextMessage().getString("info"));
    }

    @Test
    void aRoomStillShowsItsMembersToEachOther() {
        String room = unique("room"), alice = unique("alice"), bob = unique("bob");
        ChatClient aliceClient = group(alice, room);

        JsonObject presence = connect("/groupchat/" + bob + "/" + room).awaitType("presence");

        assertEquals(List.of(alice, bob).stream().sorted().toList(), presence.getJsonArray("users").getList());
        aliceClient.await(notice("join", bob), "bob joins");
    }
}
