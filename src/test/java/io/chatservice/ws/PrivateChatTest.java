package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class PrivateChatTest extends ChatTestBase {

    @Test
    void privateMessageReachesTheAddressee() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);

        a.send(tell(bob, "hi bob"));

        JsonObject frame = b.nextMessage();
        assertEquals("hi bob", frame.getString("info"));
        assertEquals(alice, frame.getString("from_user"));
        assertEquals(bob, frame.getString("to_user"));
    }

    @Test
    void privateMessageReachesNobodyElse() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        ChatClient c = direct(carol);

        a.send(tell(bob, "secret"));
        b.nextMessage();
        b.send(tell(carol, "marker"));

        // Had carol been sent the secret, it would come before the marker.
        assertEquals("marker", c.nextMessage().getString("info"));
    }

    @Test
    void everyTabOfBothPartiesShowsTheMessage() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceTab1 = direct(alice);
        ChatClient aliceTab2 = direct(alice);
        ChatClient bobTab1 = direct(bob);
        ChatClient bobTab2 = direct(bob);

        aliceTab1.send(tell(bob, "to every tab"));

        for (ChatClient tab : new ChatClient[] { aliceTab1, aliceTab2, bobTab1, bobTab2 }) {
            JsonObject frame = tab.nextMessage();
            assertEquals("to every tab", frame.getString("info"));
            assertEquals(alice, frame.getString("from_user"));
        }
    }

    @Test
    void aNoteToOneselfReachesEachOfOnesTabsOnce() {
        String alice = unique("alice");
        ChatClient tab1 = direct(alice);
        ChatClient tab2 = direct(alice);

        tab1.send(tell(alice, "note 1"));
        tab1.send(tell(alice, "note 2"));

        for (ChatClient tab : new ChatClient[] { tab1, tab2 }) {
            assertEquals("note 1", tab.nextMessage().getString("info"));
            assertEquals("note 2", tab.nextMessage().getString("info"));
        }
    }

    @Test
    void privateMessageToOfflineUserGetsErrorFrameAndStaysOpen() {
        String alice = unique("alice"), bob = unique("bob"), nobody = unique("nobody");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);

        a.send(tell(nobody, "are you there?"));

        JsonObject error = a.awaitError("USER_OFFLINE");
        assertEquals(nobody, error.getString("to_user"));
        assertTrue(error.getString("info").contains(nobody));
        a.send(tell(bob, "still here"));
        assertEquals("still here", b.nextMessage().getString("info"));
        assertFalse(a.isClosed());
    }

    @Test
    void presenceNamesTheUserAloneAndWhoeverWatchesThemHearsTheArrival() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        a.send(new JsonObject().put("type", "watch").put("users", new JsonArray().add(bob)));
        a.awaitType("watching");

        ChatClient b = connect("/privateChat/" + bob);
        JsonObject presence = b.awaitType("presence");
        JsonObject arrival = a.await(f -> "join".equals(f.getString("type")) && bob.equals(f.getString("from_user")),
                "join of " + bob);

        assertEquals(java.util.List.of(bob), presence.getJsonArray("users").getList());
        assertEquals(null, arrival.getString("room"));
    }

    @Test
    void groupMembersAreNotReachableByPrivateMessageUntilTheyOpenPrivateChat() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        group(bob, unique("room"));

        a.send(tell(bob, "hello?"));

        assertEquals(bob, a.awaitError("USER_OFFLINE").getString("to_user"));
    }
}
