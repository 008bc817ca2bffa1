package io.chatservice.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * Behind a trusted proxy, each client is counted by its own address, not the proxy's: its connections, and its REST
 * requests. The REST budget here is small and slow to refill (6 tokens, one per 5 s), so that a test's requests in
 * a row always outrun it, however slow the machine; each test's clients have addresses of their own.
 */
@QuarkusTest
@TestProfile(BehindAProxyProfile.class)
class ForwardedAddressTest extends ChatTestBase {

    private Upgrade.Open from(String clientAddress) throws Exception {
        return Upgrade.open(base.getHost(), base.getPort(), "/groupchat/" + unique("u"),
                Map.of("X-Forwarded-For", clientAddress));
    }

    private static String firstType(Upgrade.Open connection) throws Exception {
        JsonObject frame = new JsonObject(connection.readText());
        return frame.getString("type").equals("error") ? frame.getString("code") : frame.getString("type");
    }

    @Test
    void twoClientsBehindTheProxyAreCountedApart() throws Exception {
        try (Upgrade.Open first = from("203.0.113.7"); Upgrade.Open second = from("203.0.113.8")) {
            assertEquals("welcome", firstType(first));
            assertEquals("welcome", firstType(second));
        }
    }

    @Test
    void oneClientBehindTheProxyMeetsItsOwnCap() throws Exception {
        try (Upgrade.Open first = from("198.51.100.9"); Upgrade.Open second = from("198.51.100.9")) {
            assertEquals("welcome", firstType(first));
            assertEquals("ADDRESS_LIMIT", firstType(second));
        }
    }

    private static Response get(String path, String clientAddress) {
        return given().header("X-Forwarded-For", clientAddress).get(path);
    }

    @Test
    void aClientOverItsRestBudgetGets429WithRetryAfterAndAReason() {
        for (int i = 0; i < 6; i++) {
            get("/api/users", "203.0.113.20").then().statusCode(200);
        }

        Response refused = get("/api/users", "203.0.113.20");

        refused.then().statusCode(429).contentType("application/json")
                .body("code", equalTo("RATE_LIMITED"))
                .body("reason", startsWith("too many API requests from your address"));
        assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    }

    @Test
    void anotherClientIsServedWhileOneIsOverItsRestBudget() {
        for (int i = 0; i < 6; i++) {
            get("/api/rooms", "203.0.113.30").then().statusCode(200);
        }
        get("/api/rooms", "203.0.113.30").then().statusCode(429);

        get("/api/rooms", "203.0.113.31").then().statusCode(200);
    }

    @Test
    void aHistoryPageCostsMoreThanAPresenceCall() {
        String room = unique("quiet");
        // 1 token and 1 per 25 messages the page may hold: 5 of the 6
        get("/api/rooms/" + room + "/messages?limit=100", "203.0.113.40").then().statusCode(404);
        get("/api/users", "203.0.113.40").then().statusCode(200);

        get("/api/users", "203.0.113.40").then().statusCode(429);
    }

    @Test
    void thePageHealthAndMetricsAreNotCountedAgainstTheRestBudget() {
        for (int i = 0; i < 6; i++) {
            get("/api/users", "203.0.113.50").then().statusCode(200);
        }
        get("/api/users", "203.0.113.50").then().statusCode(429);

        for (String path : new String[] { "/chat", "/q/health/ready", "/q/metrics" }) {
            assertEquals(200, get(path, "203.0.113.50").statusCode(), path);
        }
    }
}
