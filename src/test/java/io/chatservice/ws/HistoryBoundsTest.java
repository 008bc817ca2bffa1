package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** History is bounded: what a stream keeps, what a newcomer gets, and how far back a recovery reaches. */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(HistoryBoundsTest.SmallHistory.class)
class HistoryBoundsTest extends ChatTestBase {

    public static class SmallHistory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.history.size", "5", "chat.history.on-join", "3", "chat.history.max-recovery", "4",
                    "chat.limits.message-rate", "0", "chat.limits.user-message-rate", "0");
        }
    }

    private String roomWith(ChatClient speaker, String room, int messages) {
        for (int i = 1; i <= messages; i++) {
            RoomHistoryTest.saySeveral(speaker, room, "m" + i);
        }
        return room;
    }

    @Test
    void aNewcomerGetsOnJoinMessagesAtMost() {
        String room = unique("dev");
        roomWith(group(unique("alice"), room), room, 8);
        ChatClient bob = group(unique("bob"), room);
        ChatClient.HistoryRun run = bob.historyRun();
        assertEquals(List.of(6L, 7L, 8L), run.offsets());
        assertEquals(3, run.end().getInteger("count"));
    }

    @Test
    void aRoomKeepsItsNewestMessagesOnly() {
        String room = unique("dev");
        roomWith(group(unique("alice"), room), room, 8);
        io.restassured.RestAssured.given().queryParam("limit", 10).get("/api/rooms/{room}/messages", room).then()
                .statusCode(200).body("messages.offset", org.hamcrest.Matchers.contains(4, 5, 6, 7, 8));
    }

    @Test
    void aRecoveryPastTheCapIsRefusedWhole() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        roomWith(alice, room, 5);
        String epoch = group(unique("probe"), room).awaitType("history").getString("epoch");

        ChatClient far = connect("/groupchat/" + unique("bob") + "/" + room, "epoch=" + epoch + "&offset=0");
        far.awaitType("presence");
        ChatClient.HistoryRun farRun = far.historyRun();
        assertEquals(List.of(), farRun.offsets());
        assertFalse(farRun.end().getBoolean("recovered"));

        ChatClient near = connect("/groupchat/" + unique("carol") + "/" + room, "epoch=" + epoch + "&offset=1");
        near.awaitType("presence");
        ChatClient.HistoryRun nearRun = near.historyRun();
        assertEquals(List.of(2L, 3L, 4L, 5L), nearRun.offsets());
        assertTrue(nearRun.end().getBoolean("recovered"));
    }
}
