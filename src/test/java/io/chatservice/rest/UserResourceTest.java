package io.chatservice.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserResourceTest extends ChatTestBase {

    @Test
    void listsOnlineUsersWithTheirConnectionCount() {
        String alice = unique("alice"), bob = unique("bob");
        group(alice, unique("room"));
        direct(alice);
        direct(bob);

        given().when().get("/api/users").then()
                .statusCode(200)
                .contentType("application/json")
                .body("find { it.name == '" + alice + "' }.connections", equalTo(2))
                .body("find { it.name == '" + bob + "' }.connections", equalTo(1));
    }

    @Test
    void usersWhoAreNotConnectedAreNotListed() {
        String carol = unique("carol");
        ChatClient client = direct(carol);
        given().when().get("/api/users").then().statusCode(200).body("name", hasItem(carol));

        client.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/api/users").then()
                .statusCode(200)
                .body("name", not(hasItem(carol))));
    }

    @Test
    void moderationIsClosedWhenNoServerApiKeyIsSet() {
        given().header("Authorization", "Bearer anything").body("{}").put("/api/bans/{user}", unique("alice")).then()
                .statusCode(403).body("code", equalTo("API_DISABLED"));
        given().header("Authorization", "Bearer anything").delete("/api/users/{user}/connections", unique("alice"))
                .then().statusCode(403).body("code", equalTo("API_DISABLED"));
    }
}
