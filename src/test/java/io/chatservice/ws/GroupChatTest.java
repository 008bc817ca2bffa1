package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

@QuarkusTest
class GroupChatTest extends ChatTestBase {

    @Test
    void messageReachesEveryMemberOfTheRoomIncludingTheSender() {
        String room = unique("room");
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        ChatClient a = group(alice, room);
        ChatClient b = group(bob, room);
        ChatClient c = group(carol, room);

        a.send(say("hello all"));

        for (ChatClient member : List.of(a, b, c)) {
            JsonObject frame = member.nextMessage();
            assertEquals("hello all", frame.getString("info"));
            assertEquals(alice, frame.getString("from_user"));
            assertEquals(room, frame.getString("room"));
        }
    }

    @Test
    void seedPathOpensInTheDefaultRoom() {
        ChatClient a = connect("/groupchat/" + unique("alice"));

        JsonObject presence = a.awaitType("presence");

        assertEquals("lobby", presence.getString("room"));
    }

    @Test
    void everyTabOfAUserReceivesRoomMessages() {
        String room = unique("room");
        String alice = unique("alice");
        ChatClient tab1 = group(alice, room);
        ChatClient tab2 = group(alice, room);
        ChatClient bob = group(unique("bob"), room);

        bob.send(say("to both tabs"));

        assertEquals("to both tabs", tab1.nextMessage().getString("info"));
        assertEquals("to both tabs", tab2.nextMessage().getString("info"));
    }

    @Test
    void aNewTabDoesNotEvictTheOlderOne() {
        String room = unique("room");
        String alice = unique("alice");
        ChatClient tab1 = group(alice, room);
        ChatClient tab2 = group(alice, room);

        tab1.send(say("from the first tab"));

        assertEquals("from the first tab", tab2.nextMessage().getString("info"));
        assertEquals("from the first tab", tab1.nextMessage().getString("info"));
        assertTrue(!tab1.isClosed() && !tab2.isClosed());
    }

    @Test
    void messagesStayInTheirRoom() {
        String room = unique("room"), other = unique("other");
        ChatClient a = group(unique("alice"), room);
        ChatClient outsider = group(unique("bob"), other);
        ChatClient otherMember = group(unique("carol"), other);

        a.send(say("only for " + room));
        a.nextMessage();
        otherMember.send(say("marker"));

        // The outsider's first message must be the later one from its own room.
        assertEquals("marker", outsider.nextMessage().getString("info"));
    }

    @Test
    void joiningARoomOnTheConnectionReceivesItsMessages() {
        String first = unique("room"), second = unique("room");
        String alice = unique("alice");
        ChatClient a = group(alice, first);
        ChatClient b = group(unique("bob"), second);

        a.send(new JsonObject().put("type", "join").put("room", second));
        JsonObject presence = a.await(f -> "presence".equals(f.getString("type")) && second.equals(f.getString("room")),
                "presence of " + second);
        assertTrue(presence.getJsonArray("users").contains(alice));
        b.send(say("welcome"));

        JsonObject frame = a.nextMessage();
        assertEquals("welcome", frame.getString("info"));
        assertEquals(second, frame.getString("room"));
    }

    @Test
    void aMessageNamesTheRoomItIsFor() {
        String first = unique("room"), second = unique("room");
        ChatClient a = group(unique("alice"), first);
        ChatClient b = group(unique("bob"), second);
        a.send(new JsonObject().put("type", "join").put("room", second));
        a.awaitType("join");

        a.send(sayIn(second, "in the second room"));

        JsonObject frame = b.nextMessage();
        assertEquals("in the second room", frame.getString("info"));
        assertEquals(second, frame.getString("room"));
    }

    @Test
    void joinIsAnnouncedToTheRoomOnceForSeveralTabs() {
        String room = unique("room");
        String alice = unique("alice"), bob = unique("bob");
        ChatClient b = group(bob, room);

        group(alice, room);
        JsonObject join = b.await(f -> "join".equals(f.getString("type")) && alice.equals(f.getString("from_user")),
                "join of alice");
        group(alice, room);
        b.send(say("marker"));

        assertEquals(alice, join.getString("from_user"));
        assertEquals(room, join.getString("room"));
        // Had the second tab been announced too, it would come before the marker.
        assertEquals("message", b.next().getString("type"));
    }

    @Test
    void presenceListsTheRoomsMembers() {
        String room = unique("room");
        String alice = unique("alice"), bob = unique("bob");
        group(alice, room);

        ChatClient b = connect("/groupchat/" + bob + "/" + room);
        JsonObject presence = b.awaitType("presence");

        assertEquals(List.of(alice, bob).stream().sorted().toList(), presence.getJsonArray("users").getList());
    }

    @Test
    void leavingARoomTellsTheRoomAndStopsItsMessages() {
        String room = unique("room"), stay = unique("room");
        String alice = unique("alice");
        ChatClient a = group(alice, stay);
        a.send(new JsonObject().put("type", "join").put("room", room));
        // One who came and went within a notify interval is told to nobody: the room was told alice came.
        a.await(ChatClient.joined(alice), "alice's own join");
        ChatClient b = group(unique("bob"), room);

        a.send(new JsonObject().put("type", "leave").put("room", room));

        JsonObject leave = b.await(ChatClient.left(alice), "alice's leave");
        assertEquals(room, leave.getString("room"));
        assertEquals(1, leave.getInteger("count"));
        a.await(f -> "leave".equals(f.getString("type")), "own leave");
        b.send(say("after the leave"));
        b.nextMessage();
        a.send(sayIn(stay, "marker"));
        assertEquals("marker", a.nextMessage().getString("info"));
    }

    @Test
    void framesCarryAnIdAndAServerTimestamp() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);
        long before = System.currentTimeMillis();

        a.send(say("one")).send(say("two"));
        JsonObject one = a.nextMessage();
        JsonObject two = a.nextMessage();

        assertNotNull(one.getString("id"));
        assertNotEquals(one.getString("id"), two.getString("id"));
        long ts = one.getLong("ts");
        assertTrue(ts >= before && ts <= System.currentTimeMillis(), "ts " + ts);
        assertEquals("one", one.getString("info"));
        assertEquals("two", two.getString("info"));
    }
}
