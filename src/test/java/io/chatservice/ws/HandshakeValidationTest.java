package io.chatservice.ws;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Names are checked at the handshake. A refused connection is told why twice: in an error frame, and in the close
 * frame (1008) that follows, which is all a browser's WebSocket can read.
 */
@QuarkusTest
class HandshakeValidationTest extends ChatTestBase {

    @ParameterizedTest
    @ValueSource(strings = { "<script>alert(1)<", "a b", "tab\there", "bell\u0007", "quote\"d", "colon:name",
            "amp&amp", "emoji😀", "abcdefghijklmnopqrstuvwxyz0123456789" })
    void badUsernameIsRefusedWithAReason(String name) {
        ChatClient client = connect("/groupchat/" + name);

        JsonObject error = client.awaitError("INVALID_USERNAME");
        int code = client.awaitClose();

        assertEquals(1008, code);
        assertFalse(client.closeReason().isBlank());
        assertTrue(error.getString("info").startsWith("username"), error.getString("info"));
        given().when().get("/api/users").then().body("name", not(hasItem(name)));
    }

    @Test
    void badUsernameIsRefusedOnPrivateChatToo() {
        ChatClient client = connect("/privateChat/<i>bold");

        client.awaitError("INVALID_USERNAME");

        assertEquals(1008, client.awaitClose());
    }

    @ParameterizedTest
    @ValueSource(strings = { "<room>", "with space", "a-room-name-of-sixty-five-characters-which-is-one-more-than-allowed" })
    void badRoomNameIsRefusedWithAReason(String room) {
        ChatClient client = connect("/groupchat/" + unique("alice") + "/" + room);

        JsonObject error = client.awaitError("INVALID_ROOM");

        assertEquals(1008, client.awaitClose());
        assertTrue(error.getString("info").startsWith("room name"), error.getString("info"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "alice", "小明", "Zoë", "user_1.test-2", "ユーザー", "x" })
    void goodUsernamesAreAccepted(String name) {
        ChatClient client = connect("/groupchat/" + name + "/" + unique("room"));

        JsonObject presence = client.awaitType("presence");

        assertTrue(presence.getJsonArray("users").contains(name));
    }
}
