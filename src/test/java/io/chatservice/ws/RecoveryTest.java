package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** A client that reconnects says where it was and gets exactly what it missed, or is told it cannot. */
@QuarkusTest
class RecoveryTest extends ChatTestBase {

    @Test
    void aJoinFrameWithAPositionGetsWhatWasMissed() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        RoomHistoryTest.saySeveral(alice, room, "seen");
        RoomHistoryTest.saySeveral(alice, room, "missed 1", "missed 2");

        ChatClient bob = group(unique("bob"));
        String epoch = epochOf(room);
        bob.send(new JsonObject().put("type", "join").put("room", room).put("epoch", epoch)
                .put("offset", 1));
        bob.await(f -> "presence".equals(f.getString("type")) && room.equals(f.getString("room")), "presence");
        ChatClient.HistoryRun run = bob.historyRun();
        assertEquals(List.of("missed 1", "missed 2"), run.texts());
        assertTrue(run.end().getBoolean("recovered"));
        assertEquals(2, run.end().getInteger("count"));
        assertEquals(3, run.end().getLong("offset"));
    }

    /** The epoch of a room's history, as a newcomer is told it. */
    private String epochOf(String room) {
        ChatClient probe = group(unique("probe"), room);
        return probe.awaitType("history").getString("epoch");
    }

    @Test
    void thePathRoomRecoversFromQueryParameters() {
        String room = unique("dev");
        String alice = unique("alice");
        ChatClient a = group(alice, room);
        RoomHistoryTest.saySeveral(a, room, "one", "two", "three");
        String epoch = epochOf(room);

        ChatClient back = connect("/groupchat/" + unique("bob") + "/" + room, "epoch=" + epoch + "&offset=2");
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertEquals(List.of("three"), run.texts());
        assertTrue(run.end().getBoolean("recovered"));
    }

    @Test
    void nothingMissedIsRecoveredWithNoMessages() {
        String room = unique("dev");
        ChatClient a = group(unique("alice"), room);
        RoomHistoryTest.saySeveral(a, room, "one");
        String epoch = epochOf(room);

        ChatClient back = connect("/groupchat/" + unique("bob") + "/" + room, "epoch=" + epoch + "&offset=1");
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertEquals(List.of(), run.texts());
        assertTrue(run.end().getBoolean("recovered"));
        assertEquals(0, run.end().getInteger("count"));
    }

    @Test
    void anotherEpochIsNotRecoveredAndNothingPartialIsSent() {
        String room = unique("dev");
        ChatClient a = group(unique("alice"), room);
        RoomHistoryTest.saySeveral(a, room, "one", "two");

        ChatClient back = connect("/groupchat/" + unique("bob") + "/" + room, "epoch=lost0000&offset=1");
        back.awaitType("presence");
        ChatClient.HistoryRun run = back.historyRun();
        assertEquals(List.of(), run.texts());
        assertFalse(run.end().getBoolean("recovered"));
        assertEquals(2, run.end().getLong("offset"));
    }

    @Test
    void aPositionOfARoomWithNoHistoryIsNotRecovered() {
        ChatClient back = connect("/groupchat/" + unique("bob") + "/" + unique("gone"), "epoch=lost0000&offset=9");
        back.awaitType("presence");
        JsonObject end = back.awaitType("history");
        assertFalse(end.getBoolean("recovered"));
    }

    @Test
    void aBadOffsetInTheQueryIsRefusedAndTheNewestHistoryComesInstead() {
        String room = unique("dev");
        ChatClient a = group(unique("alice"), room);
        RoomHistoryTest.saySeveral(a, room, "one");

        ChatClient back = connect("/groupchat/" + unique("bob") + "/" + room, "epoch=x&offset=-3");
        assertEquals("INVALID_FIELD", back.awaitType("error").getString("code"));
        back.awaitType("presence");
        assertEquals("one", back.nextMessage().getString("info"));
    }

    @Test
    void anEpochWithoutAnOffsetIsRefused() {
        ChatClient bob = group(unique("bob"));
        bob.send(new JsonObject().put("type", "join").put("room", unique("dev")).put("epoch", "abc"));
        assertTrue(bob.awaitError("INVALID_FIELD").getString("info").contains("together"));
    }

    @Test
    void aPrivateConversationRecoversWithAHistoryFrame() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "seen"));
        JsonObject seen = b.nextMessage();
        a.send(tell(bob, "missed"));
        b.nextMessage();

        b.send(new JsonObject().put("type", "history").put("with_user", alice).put("epoch", seen.getString("epoch"))
                .put("offset", seen.getLong("offset")));
        ChatClient.HistoryRun run = b.historyRun();
        assertEquals(List.of("missed"), run.texts());
        assertTrue(run.end().getBoolean("recovered"));
        assertEquals(alice, run.end().getString("with_user"));
    }
}
