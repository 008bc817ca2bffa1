package io.chatservice.lifecycle;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.RawWebSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** A peer that answers no pings is dropped and announced as gone; one that answers stays. */
@Tag("slow")
@QuarkusTest
@TestProfile(ShortTimeoutsProfile.class)
class DeadPeerTest extends ChatTestBase {

    @Test
    void aPeerThatAnswersNoPingsLeavesTheRoomAndTheRegistry() throws Exception {
        String room = unique("room");
        String silent = unique("silent");
        ChatClient b = group(unique("bob"), room);
        try (RawWebSocket raw = RawWebSocket.open(base.getHost(), base.getPort(), "/groupchat/" + silent + "/" + room)) {
            b.await(f -> "join".equals(f.getString("type")) && silent.equals(f.getString("from_user")), "join");

            JsonObject leave = b.await(f -> "leave".equals(f.getString("type")), "leave of the silent peer",
                    Duration.ofSeconds(10));

            assertEquals(silent, leave.getString("from_user"));
            given().when().get("/api/users").then().body("name", not(hasItem(silent)));
        }
    }

    @Test
    void aPeerThatAnswersPingsStaysLongAfterTheTimeout() {
        String room = unique("room");
        ChatClient quiet = group(unique("quiet"), room);
        ChatClient b = group(unique("bob"), room);

        // Over twice the timeout of saying nothing: only the client's pongs keep it alive.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> !quiet.isClosed());

        b.send(say("still there?"));
        assertEquals("still there?", quiet.nextMessage().getString("info"));
    }
}
