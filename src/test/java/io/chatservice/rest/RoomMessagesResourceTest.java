package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;

/** {@code GET /api/rooms/{room}/messages}: a room's history, paged backwards. */
@QuarkusTest
class RoomMessagesResourceTest extends ChatTestBase {

    private String roomWith(int messages) {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        for (int i = 1; i <= messages; i++) {
            String text = "m" + i;
            alice.send(sayIn(room, text));
            alice.await(f -> text.equals(f.getString("info")), text);
        }
        return room;
    }

    @Test
    void theNewestMessagesOldestFirst() {
        String room = roomWith(3);
        given().get("/api/rooms/{room}/messages", room).then().statusCode(200)
                .body("room", equalTo(room))
                .body("epoch", notNullValue())
                .body("latest", equalTo(3))
                .body("messages.offset", contains(1, 2, 3))
                .body("messages.info", contains("m1", "m2", "m3"))
                .body("messages[0].type", equalTo("message"));
    }

    @Test
    void beforeAndLimitPageBack() {
        String room = roomWith(5);
        given().queryParam("before", 4).queryParam("limit", 2).get("/api/rooms/{room}/messages", room).then()
                .statusCode(200).body("messages.offset", contains(2, 3));
    }

    @Test
    void aRoomWithNoHistoryAndNobodyInItIsNotFound() {
        given().get("/api/rooms/{room}/messages", unique("nowhere")).then().statusCode(404)
                .body("code", equalTo("ROOM_NOT_FOUND"));
    }

    @Test
    void anOccupiedRoomWithNoHistoryHasNoMessages() {
        String room = unique("quiet");
        group(unique("alice"), room);
        given().get("/api/rooms/{room}/messages", room).then().statusCode(200).body("latest", equalTo(0))
                .body("messages.size()", equalTo(0));
    }

    @Test
    void aLimitOutOfRangeIsABadRequest() {
        String room = roomWith(1);
        given().queryParam("limit", 101).get("/api/rooms/{room}/messages", room).then().statusCode(400)
                .body("code", equalTo("INVALID_FIELD"));
        given().queryParam("limit", 0).get("/api/rooms/{room}/messages", room).then().statusCode(400);
    }

    @Test
    void aBeforeThatIsNoNumberIsABadRequest() {
        given().queryParam("before", "soon").get("/api/rooms/{room}/messages", roomWith(1)).then().statusCode(400);
    }

    @Test
    void postingAsTheBackendIsForbiddenWhileNoKeyIsSet() {
        given().header("Authorization", "Bearer anything").contentType("application/json")
                .body("{\"from_user\":\"deploy-bot\",\"info\":\"hello\"}")
                .post("/api/rooms/{room}/messages", unique("dev")).then().statusCode(403)
                .body("code", equalTo("API_DISABLED"));
    }

    @Test
    void anInvalidRoomNameIsABadRequest() {
        given().get("/api/rooms/{room}/messages", "a b").then().statusCode(400).body("code", equalTo("INVALID_ROOM"));
    }
}
