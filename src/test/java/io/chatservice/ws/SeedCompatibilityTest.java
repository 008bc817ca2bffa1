package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The seed's clients send exactly these objects (built as its pages build them) and read {@code from_user} and
 * {@code info} from what comes back.
 */
@QuarkusTest
class SeedCompatibilityTest extends ChatTestBase {

    @Test
    void seedGroupObjectIsBroadcastWithTheSeedsFields() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = connect("/groupchat/" + alice);
        ChatClient b = connect("/groupchat/" + bob);
        a.awaitType("presence");
        b.awaitType("presence");

        a.send("{\"from_user\":\"" + alice + "\",\"info\":\"大家好\"}");

        JsonObject frame = b.await(f -> alice.equals(f.getString("from_user")) && "message".equals(f.getString("type")),
                "alice's message");
        assertEquals("大家好", frame.getString("info"));
        assertEquals("lobby", frame.getString("room"));
    }

    @Test
    void seedPrivateObjectIsRoutedByToUser() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);

        a.send("{\"from_user\":\"" + alice + "\",\"to_user\":\"" + bob + "\",\"info\":\"悄悄话\"}");

        JsonObject frame = b.nextMessage();
        assertEquals(alice, frame.getString("from_user"));
        assertEquals(bob, frame.getString("to_user"));
        assertEquals("悄悄话", frame.getString("info"));
    }

    @Test
    void noticesCarryTextTheSeedPageCanShow() {
        String room = unique("room");
        String alice = unique("alice");
        ChatClient b = group(unique("bob"), room);

        group(alice, room);

        // The seed page prints from_user + ":" + info for every frame.
        JsonObject join = b.await(f -> "join".equals(f.getString("type")) && alice.equals(f.getString("from_user")),
                "join of alice");
        assertEquals(alice, join.getString("from_user"));
        assertTrue(!join.getString("info").isBlank());
    }

    @Test
    void theSeedsConnectionsNeverGetTypingNotices() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient seedGroup = connect("/groupchat/" + unique("carol"));
        seedGroup.awaitType("presence");
        ChatClient seedPrivate = direct(bob);
        ChatClient hearing = connect("/groupchat/" + unique("dave"), "typing=true");
        hearing.awaitType("presence");
        ChatClient typist = connect("/groupchat/" + alice);
        typist.awaitType("presence");
        ChatClient typistPrivate = direct(alice);

        typist.send("{\"type\":\"typing\",\"room\":\"lobby\"}");
        typist.send("{\"from_user\":\"" + alice + "\",\"info\":\"typed\"}");
        typistPrivate.send("{\"type\":\"typing\",\"to_user\":\"" + bob + "\"}");
        typistPrivate.send("{\"from_user\":\"" + alice + "\",\"to_user\":\"" + bob + "\",\"info\":\"typed\"}");

        // The notice went out, to a connection that asked; the seed's page would print every frame it is sent.
        hearing.await(f -> "typing".equals(f.getString("type")) && alice.equals(f.getString("from_user")),
                "alice typing");
        for (ChatClient seed : new ChatClient[] { seedGroup, seedPrivate }) {
            JsonObject first = seed.await(f -> "typing".equals(f.getString("type"))
                    || "message".equals(f.getString("type")) && "typed".equals(f.getString("info")),
                    "a typing notice or alice's message");
            assertEquals("message", first.getString("type"), "no typing notice: " + first.encode());
        }
    }
}
