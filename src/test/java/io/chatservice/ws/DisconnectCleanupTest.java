package io.chatservice.ws;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.RawWebSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The seed never forgot a socket; the service forgets a connection the moment it is gone. */
@QuarkusTest
class DisconnectCleanupTest extends ChatTestBase {

    @Test
    void closingTheLastTabTellsTheRoomAndLeavesTheRegistry() {
        String room = unique("room");
        String alice = unique("alice");
        ChatClient a = group(alice, room);
        ChatClient b = group(unique("bob"), room);

        a.close();

        // alice's leave, or her name among those who left, if bob's own join went in the same interval
        JsonObject leave = b.await(ChatClient.left(alice), "alice's leave");
        assertEquals(room, leave.getString("room"));
        given().when().get("/api/users").then().statusCode(200).body("name", not(hasItem(alice)));
        given().when().get("/api/rooms/" + room).then().statusCode(200).body("members", not(hasItem(alice)));
    }

    @Test
    void closingOneOfSeveralTabsKeepsTheUserInTheRoom() {
        String room = unique("room");
        String alice = unique("alice");
        ChatClient tab1 = group(alice, room);
        group(alice, room);
        ChatClient b = group(unique("bob"), room);

        tab1.close();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/api/users").then()
                .body("find { it.name == '" + alice + "' }.connections", equalTo(1)));
        b.send(say("marker"));

        // A leave for alice would come before the marker.
        JsonObject next;
        while (!"message".equals((next = b.next()).getString("type"))) {
            assertFalse(ChatClient.left(alice).test(next), next.encode());
        }
        given().when().get("/api/rooms/" + room).then().statusCode(200).body("members", hasItem(alice));
    }

    @Test
    void aConnectionThatVanishesWithoutACloseFrameIsCleanedUp() throws Exception {
        String room = unique("room");
        String alice = unique("alice");
        ChatClient b = group(unique("bob"), room);
        RawWebSocket raw = RawWebSocket.open(base.getHost(), base.getPort(),
                "/groupchat/" + alice + "/" + URLEncoder.encode(room, StandardCharsets.UTF_8));
        b.await(ChatClient.joined(alice), "join of alice");

        raw.vanish();

        b.await(ChatClient.left(alice), "leave of alice");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/api/users").then()
                .body("name", not(hasItem(alice))));
    }

    @Test
    void aPrivateMessageToAUserWhoLeftIsRefused() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        watch(a, bob);

        b.close();
        a.await(f -> "leave".equals(f.getString("type")) && bob.equals(f.getString("from_user")), "leave of bob");
        a.send(tell(bob, "gone?"));

        assertEquals(bob, a.awaitError("USER_OFFLINE").getString("to_user"));
    }
}
