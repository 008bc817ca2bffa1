package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** A room keeps what was said in it: offsets, and the recent messages for a newcomer. */
@QuarkusTest
class RoomHistoryTest extends ChatTestBase {

    /** Says each text in the room and waits until the speaker has its own message back. */
    static void saySeveral(ChatClient speaker, String room, String... texts) {
        for (String text : texts) {
            speaker.send(new JsonObject().put("room", room).put("info", text));
            speaker.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")), text);
        }
    }

    @Test
    void messagesInARoomGetRisingOffsetsAndOneEpoch() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);

        alice.send(sayIn(room, "one"));
        JsonObject first = alice.nextMessage();
        alice.send(sayIn(room, "two"));
        JsonObject second = alice.nextMessage();

        assertEquals(1, first.getLong("offset"));
        assertEquals(2, second.getLong("offset"));
        assertNotNull(first.getString("epoch"));
        assertEquals(first.getString("epoch"), second.getString("epoch"));
    }

    @Test
    void aNewcomerGetsTheRecentMessagesRightAfterThePresenceFrame() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        saySeveral(alice, room, "one", "two", "three");

        ChatClient bob = connect("/groupchat/" + unique("bob") + "/" + room);
        bob.awaitType("presence");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonObject frame = bob.next();
            assertEquals("message", frame.getString("type"));
            assertTrue(frame.getBoolean("history"), frame.encode());
            texts.add(frame.getString("info"));
        }
        assertEquals(List.of("one", "two", "three"), texts);
        JsonObject end = bob.next();
        assertEquals("history", end.getString("type"));
        assertEquals(3, end.getInteger("count"));
        assertEquals(3, end.getLong("offset"));
        assertFalse(end.containsKey("recovered"));
        assertEquals("join", bob.next().getString("type"));
    }

    @Test
    void aNewcomerByJoinFrameGetsTheHistoryToo() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        saySeveral(alice, room, "earlier");

        ChatClient bob = group(unique("bob"));
        bob.send(new JsonObject().put("type", "join").put("room", room));
        bob.await(f -> "presence".equals(f.getString("type")) && room.equals(f.getString("room")), "presence");
        JsonObject old = bob.next();
        assertEquals("earlier", old.getString("info"));
        assertTrue(old.getBoolean("history"));
        assertEquals("history", bob.next().getString("type"));
    }

    @Test
    void aNewcomerToAnEmptyRoomGetsNoHistoryFrame() {
        ChatClient bob = connect("/groupchat/" + unique("bob") + "/" + unique("quiet"));
        bob.awaitType("presence");
        assertEquals("join", bob.next().getString("type"));
    }

    @Test
    void whatIsSaidLiveAfterTheHistoryComesOnceAndInOrder() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        saySeveral(alice, room, "before");

        ChatClient bob = group(unique("bob"), room);
        bob.awaitType("history");
        alice.send(sayIn(room, "after"));
        JsonObject live = bob.nextMessage();
        assertEquals("after", live.getString("info"));
        assertFalse(live.containsKey("history"));
        assertEquals(2, live.getLong("offset"));
        bob.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
    }

    @Test
    void privateAndRoomStreamsAreApart() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        saySeveral(alice, room, "in the room");
        String carol = unique("carol"), dave = unique("dave");
        ChatClient c = direct(carol);
        direct(dave);
        c.send(tell(dave, "private"));
        assertEquals(1, c.nextMessage().getLong("offset"));
    }
}
