package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.restassured.response.Response;
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
                .body("count", equalTo(1))
                .body("members", contains(alice));
    }

    @Test
    void roomsArePagedInNameOrderWithALinkToTheNextPage() {
        String prefix = unique("paged") + "-";
        for (String room : List.of("c", "a", "b")) {
            group(unique("alice"), prefix + room);
        }

        Response first = given().when().get("/api/rooms?after=" + prefix + "&limit=2");
        first.then().statusCode(200)
                .body("name", contains(prefix + "a", prefix + "b"))
                .body("count", contains(1, 1))
                .header("Link", equalTo("</api/rooms?after=" + prefix + "b&limit=2>; rel=\"next\""));
        Response next = given().when().get("/api/rooms?after=" + prefix + "b&limit=2");
        next.then().statusCode(200).body("name", hasItem(prefix + "c"));
        assertFalse(next.jsonPath().getList("name").contains(prefix + "b"));
    }

    @Test
    void aRoomsMembersArePagedWithTheCountAndALinkToTheNextPage() {
        String room = unique("room");
        List<String> users = Stream.of(unique("carol"), unique("alice"), unique("bob")).sorted().toList();
        users.forEach(user -> group(user, room));

        given().when().get("/api/rooms/" + room + "/members?limit=2").then()
                .statusCode(200)
                .body("room", equalTo(room))
                .body("count", equalTo(3))
                .body("users", contains(users.get(0), users.get(1)))
                .body("next", equalTo(users.get(1)))
                .header("Link", equalTo("</api/rooms/" + room + "/members?after=" + users.get(1) + "&limit=2>; rel=\"next\""));
        given().when().get("/api/rooms/" + room + "/members?limit=2&after=" + users.get(1)).then()
                .statusCode(200)
                .body("users", contains(users.get(2)))
                .body("$", not(hasKey("next")))
                .header("Link", nullValue());
    }

    @Test
    void theMembersOfARoomNobodyIsInAreNotFound() {
        given().when().get("/api/rooms/" + unique("empty") + "/members").then()
                .statusCode(404)
                .body("code", equalTo("ROOM_NOT_FOUND"));
    }

    @Test
    void aMembersLimitOutOfRangeIsABadRequest() {
        String room = unique("room");
        group(unique("alice"), room);

        for (String limit : List.of("0", "101", "many")) {
            given().when().get("/api/rooms/" + room + "/members?limit=" + limit).then()
                    .statusCode(400)
                    .body("code", equalTo("INVALID_FIELD"))
                    .body("reason", containsString("limit"));
        }
        given().when().get("/api/rooms?limit=0").then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
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
