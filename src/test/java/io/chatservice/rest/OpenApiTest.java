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
    void theModerationEndpointsAreDescribedWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body(containsString("/api/users/{user}/connections"))
                .body(containsString("/api/bans/{user}"))
                .body(containsString("/api/rooms/{room}/mutes/{user}"))
                .body(containsString("\"an hour\"")).body(containsString("mallory"));
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
