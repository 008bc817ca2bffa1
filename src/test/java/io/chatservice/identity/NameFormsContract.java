package io.chatservice.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.vertx.core.json.JsonObject;

/**
 * Names and rooms people cannot tell apart are one: while a name is held, every spelling with its form is taken, and
 * names that only look like another (invisible code points, mixed scripts, marks alone) are refused; a room is its
 * folded name. Run on the memory broker ({@link NameFormsTest}) and on Redis ({@link RedisNameFormsTest}).
 */
abstract class NameFormsContract extends ChatTestBase {

    private static final int REFUSED = 1008;

    /**
     * A name of letters only, so that its spellings are letters too: "alice" followed by a unique tail. Each letter of
     * the tail is one of sixteen: a tail of mostly one letter made two tests' names alike, the later one refused.
     */
    private static String alice() {
        return "alice" + letters('a').substring(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "upper", "title", "fullwidth", "mathematical", "dotless" })
    void everySpellingOfAHeldNameIsTaken(String how) {
        String alice = alice();
        direct(alice);

        ChatClient other = connectAsStranger("/privateChat/" + respell(alice, how));

        other.awaitError("NAME_TAKEN");
        assertEquals(REFUSED, other.awaitClose());
        assertNull(other.welcome());
    }

    @Test
    void nfcAndNfdSpellingsAreOneName() throws Exception {
        String jose = "jos\u00e9" + alice();
        direct(jose);
        // Raw: java.net.URI, which the clients build paths with, would turn NFD into NFC on its way.
        String nfd = URLEncoder.encode(jose.replace("\u00e9", "e\u0301"), StandardCharsets.UTF_8);

        try (Upgrade.Open other = Upgrade.open(base.getHost(), base.getPort(), "/privateChat/" + nfd, Map.of())) {
            assertEquals("NAME_TAKEN", new JsonObject(other.readText()).getString("code"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0430", "\u034f", "\ufe0f", "\u180b", "\u17b4", "\u3164" })
    void aLookAlikeOfAHeldNameIsRefusedAsInvalid(String added) {
        String alice = alice();
        direct(alice);
        String lookAlike = added.equals("\u0430") ? "\u0430" + alice.substring(1) : alice + added;

        ChatClient other = connectAsStranger("/privateChat/" + lookAlike);

        JsonObject error = other.awaitError("INVALID_USERNAME");
        assertTrue(error.getString("info").startsWith("username m"), error.getString("info"));
        assertEquals(REFUSED, other.awaitClose());
    }

    @Test
    void aNameOfCombiningMarksAloneIsRefused() {
        ChatClient marks = connectAsStranger("/groupchat/\u0301\u0301\u0301");

        assertEquals("username must begin with a letter, a digit, '_', '-' or '.', not a combining mark",
                marks.awaitError("INVALID_USERNAME").getString("info"));
    }

    @Test
    void theNameStaysAsItsHolderWroteIt() {
        String alice = "ALice" + alice().substring(5);

        ChatClient a = direct(alice);

        assertEquals(alice, a.welcome().getString("user"));
        given().get("/api/users").then().statusCode(200).body("name", hasItem(alice));
    }

    @Test
    void theSpellingOfAHeldNameIsFreeOnceItsHolderLeaves() {
        String alice = alice();
        ChatClient a = direct(alice);
        a.close();

        ChatClient later = awaitAdmittedAsStranger("/privateChat/" + alice.toUpperCase());

        assertEquals(alice.toUpperCase(), later.welcome().getString("user"));
    }

    @Test
    void aClaimedNameIsTakenInAnySpellingWhileItsHolderIsAway() {
        String alice = alice();
        ChatClient a = direct(alice);
        a.send(new JsonObject().put("type", "claim"));
        a.awaitType("claimed");
        a.close();

        ChatClient other = connectAsStranger("/privateChat/" + alice.toUpperCase());

        other.awaitError("NAME_TAKEN");
    }

    @Test
    void takenReadsTheSameWhetherTheNameIsInUseOrClaimed() {
        String online = alice(), away = alice();
        direct(online);
        ChatClient b = direct(away);
        b.send(new JsonObject().put("type", "claim"));
        b.awaitType("claimed");
        b.close();

        String inUse = connectAsStranger("/privateChat/" + online).awaitError("NAME_TAKEN").getString("info");
        String claimed = connectAsStranger("/privateChat/" + away).awaitError("NAME_TAKEN").getString("info");

        assertEquals("the name '" + online + "' is taken", inUse);
        assertEquals("the name '" + away + "' is taken", claimed);
    }

    @Test
    void aPrivateMessageToAnotherSpellingReachesNobody() {
        String alice = alice(), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);

        b.send(tell(alice.toUpperCase(), "hi"));

        assertEquals(alice.toUpperCase(), b.awaitError("USER_OFFLINE").getString("to_user"));
        a.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
    }

    @Test
    void aMailboxIsKeptForTheClaimedSpellingOnly() {
        String alice = alice(), bob = unique("bob");
        ChatClient b = direct(bob);
        ChatClient a = direct(alice);
        a.send(new JsonObject().put("type", "claim"));
        a.awaitType("claimed");
        watch(b, alice);
        a.close();
        b.await(f -> "leave".equals(f.getString("type")) && alice.equals(f.getString("from_user")), "alice leaves");

        b.send(tell(alice.toUpperCase(), "not for alice").put("cid", "c1"));
        b.send(tell(alice, "for alice").put("cid", "c2"));

        assertEquals("USER_OFFLINE", b.await(f -> "c1".equals(f.getString("cid")), "answer to c1").getString("code"));
        assertEquals("queued", b.await(f -> "c2".equals(f.getString("cid")), "answer to c2").getString("status"));
    }

    @Test
    void spellingsOfARoomAreOneRoom() {
        String room = alice();
        ChatClient a = group(unique("ann"), "Lobby-" + room);
        ChatClient b = connect("/groupchat/" + unique("ben"));
        b.awaitType("presence");

        b.send(new JsonObject().put("type", "join").put("room", "LOBBY-" + room.toUpperCase()));
        JsonObject presence = b.awaitType("presence");
        b.send(sayIn("lobby-" + room, "one room"));

        assertEquals("lobby-" + room, presence.getString("room"));
        assertEquals(2, presence.getJsonArray("users").size());
        assertEquals("one room", a.nextMessage().getString("info"));
    }

    @Test
    void theRoomOfThePathIsItsFoldedName() {
        String room = alice();

        ChatClient a = connect("/groupchat/" + unique("ann") + "/\uff2c\uff4f\uff42\uff42\uff59" + room);

        assertEquals("lobby" + room, a.awaitType("presence").getString("room"));
    }

    @Test
    void aMixedScriptRoomIsRefusedAndTheConnectionGoesOn() {
        ChatClient a = group(unique("ann"));

        a.send(new JsonObject().put("type", "join").put("room", "l\u043ebby"));

        JsonObject error = a.awaitError("INVALID_ROOM");
        assertEquals("l\u043ebby", error.getString("room"));
        a.send(say("still here"));
        assertEquals("still here", a.nextMessage().getString("info"));
    }

    @Test
    void theRestApiAnswersForAnySpellingOfARoom() {
        String room = alice();
        String ann = unique("ann");
        group(ann, room);

        given().get("/api/rooms/" + room.toUpperCase()).then().statusCode(200)
                .body("name", equalTo(room)).body("members", contains(ann));
        given().get("/api/rooms/l\u043ebby").then().statusCode(400).body("code", equalTo("INVALID_ROOM"));
    }

    @Test
    void withoutAServerApiKeySetNobodyEndsAClaim() {
        given().header("Authorization", "Bearer anything").delete("/api/names/{name}/claim", alice()).then()
                .statusCode(403).body("code", equalTo("API_DISABLED"));
    }

    /** Spells a letters-only name another way that looks the same. */
    private static String respell(String name, String how) {
        return switch (how) {
            case "upper" -> name.toUpperCase();
            case "title" -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
            case "fullwidth" -> name.chars().mapToObj(c -> Character.toString(c - 'a' + 0xff41))
                    .reduce("", String::concat);
            case "mathematical" -> name.chars().mapToObj(c -> Character.toString(c - 'a' + 0x1d41a))
                    .reduce("", String::concat);
            case "dotless" -> name.replace('i', '\u0131');
            default -> throw new IllegalArgumentException(how);
        };
    }

    /** The server may not have seen the last close yet: a stranger's attempts are refused until it has. */
    private ChatClient awaitAdmittedAsStranger(String path) {
        long deadline = System.nanoTime() + ChatClient.WAIT.toNanos();
        while (true) {
            ChatClient client = connectAsStranger(path);
            JsonObject first = client.next();
            if ("welcome".equals(first.getString("type"))) {
                return client;
            }
            assertEquals("NAME_TAKEN", first.getString("code"));
            client.awaitClose();
            assertTrue(System.nanoTime() < deadline, "the name was not freed within " + ChatClient.WAIT);
        }
    }
}
