package io.chatservice.lifecycle;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A WebSocket is watched by the service's pings, not by the HTTP idle timeout that closes idle HTTP connections. */
@Tag("slow")
@QuarkusTest
@TestProfile(ShortHttpIdleTimeoutProfile.class)
class WebSocketIdleTimeoutTest extends ChatTestBase {

    @Test
    void aQuietPeerOutlivesTheHttpIdleTimeout() {
        String room = unique("room");
        String quietName = unique("quiet");
        ChatClient quiet = group(quietName, room);

        // Several HTTP idle timeouts without a frame either way, until the first ping at 1.5 s of silence.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !quiet.isClosed());

        given().when().get("/api/users").then().body("name", hasItem(quietName));
        ChatClient b = group(unique("bob"), room);
        b.send(say("still there?"));
        assertEquals("still there?", quiet.nextMessage().getString("info"));
    }
}
