package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;

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
    void theServerApisMessagesAreDescribedWithExamplesAndEveryStatus() {
        io.restassured.path.json.JsonPath api = given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath();
        Map<String, List<String>> statuses = Map.of(
                "/api/rooms/{room}/messages", List.of("200", "201", "400", "401", "403", "429", "503"),
                "/api/users/{user}/messages", List.of("200", "201", "400", "401", "403", "404", "429", "503"));
        statuses.forEach((path, codes) -> {
            Map<String, Object> post = api.getMap("paths.'" + path + "'.post");
            assertNotNull(post, path);
            String at = "paths.'" + path + "'.post.";
            assertFalse(api.getMap(at + "requestBody.content.'application/json'.examples").isEmpty(), path);
            assertEquals(codes, api.getMap(at + "responses").keySet().stream().sorted().toList(), path);
            for (String code : codes) {
                assertFalse(api.getMap(at + "responses.'" + code + "'.content.'application/json'.examples").isEmpty(),
                        path + " " + code);
            }
        });
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
