package io.chatservice.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void aRunningServiceIsLive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aRunningServiceIsReadyAndNotDraining() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("chat-drain"));
    }

    @Test
    void theReadinessCheckReportsTheMemoryBudgetsAndIsUp() {
        String memory = "checks.find { it.name == 'chat-memory' }";
        io.restassured.path.json.JsonPath ready = given().when().get("/q/health/ready").then().statusCode(200)
                .body(memory + ".status", equalTo("UP"))
                .body(memory + ".data.broker", equalTo("memory"))
                .body(memory + ".data.evicting", equalTo(false))
                .extract().jsonPath();
        assertTrue(ready.getLong(memory + ".data.'history-limit-bytes'") > 0, "the history's budget");
        assertTrue(ready.getLong(memory + ".data.'mailbox-limit-bytes'") > 0, "the mailboxes' budget");
    }
}
