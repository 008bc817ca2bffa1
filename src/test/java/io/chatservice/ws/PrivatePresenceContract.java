package io.chatservice.ws;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Presence on the private channel goes by interest: a connection hears of the users it watches, and finds others by
 * the prefix of their names, a page at a time, over the socket and over REST. Run on the memory broker
 * ({@link PrivatePresenceTest}) and on Redis ({@link RedisPrivatePresenceTest}).
 */
abstract class PrivatePresenceContract extends ChatTestBase {

    private static final Duration QUIET = Duration.ofMillis(700);

    private static Predicate<JsonObject> notice(String type, String user) {
        return f -> type.equals(f.getString("type")) && user.equals(f.getString("from_user"));
    }

    private static JsonObject watchFrame(String mode, String... users) {
        JsonObject frame = new JsonObject().put("type", "watch").put("users", new JsonArray(List.of(users)));
        return mode == null ? frame : frame.put("mode", mode);
    }

    private static JsonObject lookup(String prefix, String after, Integer limit) {
        JsonObject frame = new JsonObject().put("type", "lookup").put("prefix", prefix);
        if (after != null) {
            frame.put("after", after);
        }
        return limit == null ? frame : frame.put("limit", limit);
    }

    private static List<Object> list(JsonObject frame, String field) {
        return frame.getJsonArray(field).getList();
    }

    @Test
    void aNewPrivateConnectionIsToldOfItselfAloneAndHearsOfNobody() {
        String alice = unique("alice"), bob = unique("bob");
        direct(unique("carol"));
        ChatClient aliceClient = connect("/privateChat/" + alice);

        assertEquals(List.of(alice), list(aliceClient.awaitType("presence"), "users"));
        direct(bob).close();
        aliceClient.assertNothingMatching(notice("join", bob).or(notice("leave", bob)), QUIET);
    }

    @Test
    void watchingSaysWhoOfTheWatchedIsOnlineNowAsTheySpellThemselves() {
        String bob = unique("bob"), carol = unique("carol");
        direct(bob);
        ChatClient alice = direct(unique("alice"));

        alice.send(watchFrame(null, bob.toUpperCase(Locale.ROOT), carol));

        JsonObject watching = alice.awaitType("watching");
        assertEquals(List.of(bob.toUpperCase(Locale.ROOT), carol), list(watching, "users"));
        assertEquals(List.of(bob), list(watching, "online"));
    }

    @Test
    void aWatcherHearsTheWatchedComeOnlineAndGoOffline() {
        String bob = unique("bob");
        ChatClient alice = direct(unique("alice"));
        alice.send(watchFrame(null, bob));
        assertEquals(List.of(), list(alice.awaitType("watching"), "online"));

        ChatClient bobClient = direct(bob);
        JsonObject join = alice.await(notice("join", bob), "bob comes online");
        bobClient.close();
        JsonObject leave = alice.await(notice("leave", bob), "bob goes offline");

        assertEquals("is online", join.getString("info"));
        assertNull(join.getString("room"));
        assertEquals("went offline", leave.getString("info"));
    }

    @Test
    void addAndRemoveChangeTheListAndReplaceReplacesIt() {
        String bob = unique("bob"), carol = unique("carol"), dave = unique("dave");
        ChatClient alice = direct(unique("alice"));

        alice.send(watchFrame(null, bob));
        assertEquals(List.of(bob), list(alice.awaitType("watching"), "users"));
        alice.send(watchFrame("add", carol, dave));
        assertEquals(List.of(bob, carol, dave), list(alice.awaitType("watching"), "users"));
        alice.send(watchFrame("remove", bob));
        assertEquals(List.of(carol, dave), list(alice.awaitType("watching"), "users"));
        alice.send(watchFrame("replace", dave));
        assertEquals(List.of(dave), list(alice.awaitType("watching"), "users"));

        direct(dave);
        alice.await(notice("join", dave), "dave, watched, comes online");
        direct(bob);
        direct(carol);
        alice.assertNothingMatching(notice("join", bob).or(notice("join", carol)), QUIET);
    }

    @Test
    void eachConnectionWatchesForItself() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient watching = direct(alice);
        ChatClient otherTab = direct(alice);
        watching.send(watchFrame(null, bob));
        watching.awaitType("watching");

        direct(bob);

        watching.await(notice("join", bob), "bob comes online");
        otherTab.assertNothingMatching(notice("join", bob), QUIET);
    }

    @Test
    void watchingMoreThanTheLimitIsRefusedAndChangesNothing() {
        String bob = unique("bob");
        ChatClient alice = direct(unique("alice"));
        alice.send(watchFrame(null, bob));
        alice.awaitType("watching");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add("watched" + i);
        }

        alice.send(watchFrame(null, many.toArray(String[]::new)));
        JsonObject refused = alice.awaitError("WATCH_LIMIT");
        alice.send(watchFrame("add", many.subList(0, 200).toArray(String[]::new)));
        alice.awaitError("WATCH_LIMIT");
        alice.send(watchFrame("add"));

        assertTrue(refused.getString("info").contains("200"), refused.getString("info"));
        assertEquals(List.of(bob), list(alice.awaitType("watching"), "users"));
        assertFalse(alice.isClosed());
    }

    @Test
    void aNameNoUserCanHaveIsRefusedNamingIt() {
        ChatClient alice = direct(unique("alice"));

        alice.send(watchFrame(null, unique("bob"), "not a name"));

        JsonObject refused = alice.awaitError("INVALID_USERNAME");
        assertEquals("not a name", refused.getString("to_user"));
        alice.send(watchFrame("add"));
        assertEquals(List.of(), list(alice.awaitType("watching"), "users"));
    }

    @Test
    void anUnknownModeOrNoUsersIsRefused() {
        ChatClient alice = direct(unique("alice"));

        alice.send(watchFrame("toggle", unique("bob")));
        assertTrue(alice.awaitError("INVALID_FIELD").getString("info").contains("mode"));
        alice.send(new JsonObject().put("type", "watch"));
        assertTrue(alice.awaitError("INVALID_FIELD").getString("info").contains("users"));
    }

    @Test
    void aLookupPagesTheOnlineUsersWhoseFoldedNamesBeginWithThePrefix() {
        String p = letters('q');
        String albert = p + "ALbert", alice = p + "Alice", alina = p + "alina";
        group(albert); // online on either channel
        direct(alice);
        direct(alina);
        direct(p + "bob");
        ChatClient asking = direct(unique("asking"));

        asking.send(lookup(p.toUpperCase(Locale.ROOT) + "AL", null, 2));
        JsonObject first = asking.awaitType("users");
        asking.send(lookup(p + "al", first.getString("next"), 2));
        JsonObject second = asking.awaitType("users");

        assertEquals(List.of(albert, alice), list(first, "users"));
        assertEquals(alice, first.getString("next"));
        assertEquals(p.toUpperCase(Locale.ROOT) + "AL", first.getString("prefix"));
        assertEquals(List.of(alina), list(second, "users"));
        assertNull(second.getString("next"));
    }

    @Test
    void aLookupWithABadLimitOrAPrefixNoNameCanBeginWithIsRefused() {
        ChatClient alice = direct(unique("alice"));

        alice.send(lookup("a", null, 0));
        alice.awaitError("INVALID_FIELD");
        alice.send(lookup("a", null, 101));
        alice.awaitError("INVALID_FIELD");
        alice.send(lookup("a b", null, null));
        assertTrue(alice.awaitError("INVALID_FIELD").getString("info").contains("prefix"));
        alice.send(lookup("a", null, null));
        alice.awaitType("users");
    }

    @Test
    void theUsersApiPagesByPrefixWithALinkToTheNextPage() {
        String p = letters('q');
        String albert = p + "ALbert", alice = p + "Alice", alina = p + "alina";
        direct(albert);
        direct(alice);
        group(alina);
        direct(alina);

        Response first = given().queryParam("prefix", p + "al").queryParam("limit", 2).get("/api/users");
        first.then().statusCode(200).body("name", contains(albert, alice)).body("connections", contains(1, 1));
        String link = first.header("Link");
        assertTrue(link.endsWith("; rel=\"next\""), link);
        String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        Response second = given().urlEncodingEnabled(false).get(next);

        second.then().statusCode(200).body("name", contains(alina)).body("connections", contains(2));
        assertNull(second.header("Link"));
    }

    @Test
    void theUsersApiAnswers400ToABadLimitOrPrefix() {
        given().queryParam("limit", 0).get("/api/users").then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
        given().queryParam("limit", 1001).get("/api/users").then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
        given().queryParam("limit", "ten").get("/api/users").then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
        given().queryParam("prefix", "<b>").get("/api/users").then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
    }
}
