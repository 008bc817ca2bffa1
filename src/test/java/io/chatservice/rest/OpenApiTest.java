package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiTest {

    @Test
    void theRestApiIsDescribed() {
        given().when().get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("/api/users"))
                .body(containsString("/api/rooms/{room}"));
    }

    @Test
    void removingAndEditingARoomsMessageIsDescribedWithExamples() {
        given().when().get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("/api/rooms/{room}/messages/{id}"))
                .body(containsString("Remove a message from a room"))
                .body(containsString("[removed by a moderator]"))
                .body(containsString("UNKNOWN_MESSAGE"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
