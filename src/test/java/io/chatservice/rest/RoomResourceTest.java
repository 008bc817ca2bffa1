package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RoomResourceTest extends ChatTestBase {

    @Test
    void listsRoomsWithTheirMembers() {
        String room = unique("room");
        String alice = unique("alice"), bob = unique("bob");
        group(alice, room);
        group(bob, room);

        given().when().get("/api/rooms").then()
                .statusCode(200)
                .body("name", hasItem(room))
                .body("find { it.name == '" + room + "' }.members",
                        contains(Stream.of(alice, bob).sorted().toArray()));
    }

    @Test
    void oneRoomWithItsMembers() {
        String room = unique("room");
        String alice = unique("alice");
        group(alice, room);

        given().when().get("/api/rooms/" + room).then()
                .statusCode(200)
                .body("name", equalTo(room))
                .body("members", contains(alice));
    }

    @Test
    void anEmptyRoomIsNotFoundWithAReason() {
        given().when().get("/api/rooms/" + unique("empty")).then()
                .statusCode(404)
                .body("code", equalTo("ROOM_NOT_FOUND"))
                .body("reason", org.hamcrest.Matchers.containsString("nobody"));
    }

    @Test
    void aNameNoRoomCanHaveIsABadRequest() {
        given().when().get("/api/rooms/" + "x".repeat(65)).then()
                .statusCode(400)
                .body("code", equalTo("INVALID_ROOM"));
    }
}
