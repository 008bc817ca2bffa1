package io.chatservice.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** A name in use belongs to whoever holds its key; nobody else can connect under it or receive what is meant for it. */
@QuarkusTest
class NameHoldTest extends ChatTestBase {

    private static final int REFUSED = 1008;

    @Test
    void anAdmittedConnectionIsWelcomedWithItsNameAndAKey() {
        String alice = unique("alice");
        ChatClient a = connect("/groupchat/" + alice);

        JsonObject welcome = a.next();

        assertEquals("welcome", welcome.getString("type"));
        assertEquals(alice, welcome.getString("user"));
        assertEquals(43, welcome.getString("key").length());
        assertEquals("*", welcome.getString("from_user"), "the seed page prints from_user:info");
        assertTrue(welcome.getString("info").contains(alice));
    }

    @Test
    void eachNameGetsItsOwnKey() {
        assertNotEquals(connect("/groupchat/" + unique("alice")).key(), connect("/groupchat/" + unique("bob")).key());
    }

    @Test
    void aStrangerCannotOpenAGroupConnectionUnderAHeldName() {
        String alice = unique("alice");
        direct(alice);

        ChatClient impostor = connectAsStranger("/groupchat/" + alice);

        JsonObject error = impostor.awaitError("NAME_TAKEN");
        assertTrue(error.getString("info").contains(alice));
        assertEquals(REFUSED, impostor.awaitClose());
        assertNull(impostor.welcome(), "no welcome for an impostor");
    }

    @Test
    void aStrangerUnderAHeldNameReceivesNoneOfItsPrivateMessages() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        ChatClient impostor = connectAsStranger("/privateChat/" + alice);
        impostor.awaitError("NAME_TAKEN");
        impostor.awaitClose();

        b.send(tell(alice, "for alice only"));

        assertEquals("for alice only", a.nextMessage().getString("info"));
        impostor.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
    }

    @Test
    void aWrongKeyIsRefused() {
        String alice = unique("alice");
        String key = connect("/groupchat/" + alice).key();
        String wrong = (key.charAt(0) == 'A' ? "B" : "A") + key.substring(1);

        ChatClient impostor = connect("/groupchat/" + alice, "key=" + wrong);

        impostor.awaitError("NAME_TAKEN");
        assertEquals(REFUSED, impostor.awaitClose());
    }

    @Test
    void theKeyLetsTheSamePersonInOnBothChannels() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient first = connect("/privateChat/" + alice);
        String key = first.key();

        ChatClient second = connect("/privateChat/" + alice, "key=" + key);
        ChatClient group = connect("/groupchat/" + alice, "key=" + key);

        assertEquals(key, second.key(), "the same key is handed back");
        assertNotNull(group.welcome());
        ChatClient b = direct(bob);
        b.send(tell(alice, "to every tab"));
        assertEquals("to every tab", first.nextMessage().getString("info"));
        assertEquals("to every tab", second.nextMessage().getString("info"));
    }

    @Test
    void aPlainHoldEndsWithTheNamesLastConnection() {
        String alice = unique("alice");
        ChatClient a = connect("/groupchat/" + alice);
        a.key();
        a.close();

        ChatClient later = awaitAdmittedAsStranger("/groupchat/" + alice);

        assertNotNull(later.welcome());
    }

    @Test
    void aClaimedNameStaysHeldAfterItsLastConnectionCloses() {
        String alice = unique("alice");
        ChatClient a = connect("/privateChat/" + alice);
        String key = a.key();
        a.send(new JsonObject().put("type", "claim"));
        assertEquals(alice, a.awaitType("claimed").getString("user"));
        a.close();

        ChatClient stranger = connectAsStranger("/privateChat/" + alice);
        stranger.awaitError("NAME_TAKEN");
        ChatClient owner = connect("/privateChat/" + alice, "key=" + key);

        assertNotNull(owner.welcome(), "the key holder comes back");
    }

    @Test
    void aReleasedNameIsFreeOnceItsLastConnectionCloses() {
        String alice = unique("alice");
        ChatClient a = connect("/privateChat/" + alice);
        a.send(new JsonObject().put("type", "claim"));
        a.awaitType("claimed");
        a.send(new JsonObject().put("type", "release"));
        a.awaitType("released");
        a.close();

        assertNotNull(awaitAdmittedAsStranger("/privateChat/" + alice).welcome());
    }

    @Test
    void keysAreNeitherListedNorCounted() {
        String alice = unique("alice");
        String key = connect("/groupchat/" + alice).key();

        String users = given().get("/api/users").then().statusCode(200).extract().asString();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertTrue(users.contains(alice));
        assertFalse(users.contains(key));
        assertFalse(metrics.contains(key));
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
