package io.chatservice.identity;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.chatservice.admission.BehindAProxyProfile;
import io.chatservice.support.AuditLines;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * Nobody squats names: an address claims at most {@code chat.limits.claims-per-address} (2 here) names a day, a node
 * keeps at most {@code chat.limits.max-claims} (3 here), and an operator ends a claim with the server API's key. Each
 * client claims from an address of its own behind a trusted proxy, one connection at a time (the profile allows one
 * per address). On the memory broker; the Redis side of claims is in {@code NamesContract}.
 */
@QuarkusTest
@TestProfile(BehindAProxyProfile.class)
class ClaimsTest extends ChatTestBase {

    private static final String BEARER = "Bearer " + BehindAProxyProfile.API_KEY;
    private static int addresses;

    /** Names claimed by the test: their claims end after it, so that each test starts with the node's cap free. */
    private final List<String> claimed = new ArrayList<>();

    @AfterEach
    void endClaims() {
        claimed.forEach(name -> api().header("Authorization", BEARER).delete("/api/names/{name}/claim", name));
    }

    @Test
    void anAddressClaimsAtMostItsNamesADay() {
        String address = newAddress();
        assertEquals("claimed", claimFrom(address, unique("a")).getString("type"));
        assertEquals("claimed", claimFrom(address, unique("b")).getString("type"));

        JsonObject refused = claimFrom(address, unique("c"));

        assertEquals("CLAIM_LIMIT", refused.getString("code"));
        assertEquals("your address has claimed 2 names today, the most one address may; your name stays yours "
                + "while you are connected", refused.getString("info"));
        long retry = refused.getLong("retry_after_ms");
        assertTrue(retry > Duration.ofHours(23).toMillis() && retry <= Duration.ofDays(1).toMillis(), "" + retry);
    }

    @Test
    void anotherAddressHasClaimsOfItsOwn() {
        String first = newAddress();
        claimFrom(first, unique("a"));
        claimFrom(first, unique("b"));

        assertEquals("claimed", claimFrom(newAddress(), unique("c")).getString("type"));
    }

    @Test
    void aRenewedClaimIsNotCounted() {
        String address = newAddress();
        String name = unique("a");
        ChatClient client = admittedFrom(address, name);
        for (int i = 0; i < 3; i++) {
            client.send(new JsonObject().put("type", "claim"));
            assertEquals("claimed", answer(client).getString("type"));
        }
        claimed.add(name);
        client.close();

        assertEquals("claimed", claimFrom(address, unique("b")).getString("type"));
    }

    @Test
    void aRefusedClaimLeavesTheConnectionAndItsNameAsTheyWere() {
        String address = newAddress();
        claimFrom(address, unique("a"));
        claimFrom(address, unique("b"));
        String name = unique("c");
        ChatClient client = admittedFrom(address, name);

        client.send(new JsonObject().put("type", "claim"));
        assertEquals("CLAIM_LIMIT", answer(client).getString("code"));

        assertEquals("NAME_TAKEN", connectAsStranger("/privateChat/" + name).awaitError("NAME_TAKEN").getString("code"));
        client.send(new JsonObject().put("type", "release"));
        assertEquals("released", client.awaitType("released").getString("type"));
    }

    @Test
    void theNodeKeepsAtMostItsClaims() {
        String first = newAddress(), second = newAddress();
        claimFrom(first, unique("a"));
        claimFrom(first, unique("b"));
        claimFrom(second, unique("c"));

        JsonObject refused = claimFrom(newAddress(), unique("d"));

        assertEquals("CLAIM_LIMIT", refused.getString("code"));
        assertEquals("this server keeps 3 claimed names, the most it keeps; your name stays yours while you are "
                + "connected", refused.getString("info"));
        assertNull(refused.getValue("retry_after_ms"));
    }

    @Test
    void anOperatorEndsAClaimAndTheNameIsFreeOnceItsHolderLeft() {
        String name = unique("a");
        claimFrom(newAddress(), name);

        api().header("Authorization", BEARER).delete("/api/names/{name}/claim", name).then().statusCode(204);

        assertEquals(name, awaitAdmittedAsStranger("/privateChat/" + name).welcome().getString("user"));
    }

    @Test
    void anOperatorEndsAClaimByAnySpellingOfTheName() {
        String name = unique("ann");
        claimFrom(newAddress(), name);

        api().header("Authorization", BEARER).delete("/api/names/{name}/claim", name.toUpperCase()).then()
                .statusCode(204);

        assertEquals(name, awaitAdmittedAsStranger("/privateChat/" + name).welcome().getString("user"));
    }

    @Test
    void theOperatorsReleaseIsAuditedWithTheKeysId() {
        AuditLines capture = new AuditLines();
        List<String> lines = capture.lines();
        String name = unique("a");
        claimFrom(newAddress(), name);
        capture.start();
        try {
            api().header("Authorization", BEARER).delete("/api/names/{name}/claim", name).then().statusCode(204);

            await().atMost(ChatClient.WAIT).until(() -> lines.stream().anyMatch(line -> line.contains(name)));
        } finally {
            capture.stop();
        }
        String line = lines.stream().filter(l -> l.contains(name)).findFirst().orElseThrow();
        assertTrue(line.matches("released the claim of " + name + " \\(asked as " + name
                + "\\) with API key [0-9a-f]{8}"), line);
        assertFalse(line.contains(BehindAProxyProfile.API_KEY), "never the key");
    }

    @Test
    void aNameThatIsNotClaimedIsNotFound() {
        api().header("Authorization", BEARER).delete("/api/names/{name}/claim", unique("nobody")).then()
                .statusCode(404).body("code", equalTo("NAME_NOT_CLAIMED"));
    }

    @Test
    void aNameNoUserCanHaveIsABadRequest() {
        api().header("Authorization", BEARER).delete("/api/names/{name}/claim", "\u0430lice").then()
                .statusCode(400).body("code", equalTo("INVALID_USERNAME"));
    }

    @Test
    void releasingAClaimNeedsTheKey() {
        String name = unique("a");
        claimFrom(newAddress(), name);

        api().delete("/api/names/{name}/claim", name).then().statusCode(401)
                .body("code", equalTo("API_KEY_REQUIRED"));
        api().header("Authorization", "Bearer not-the-key").delete("/api/names/{name}/claim", name).then()
                .statusCode(401).body("code", equalTo("API_KEY_INVALID"));
        assertEquals("NAME_TAKEN", connectAsStranger("/privateChat/" + name).awaitError("NAME_TAKEN").getString("code"));
    }

    @Test
    void theReleaseIsInTheOpenApiDocument() {
        api().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/names/{name}/claim'.delete", notNullValue());
    }

    /**
     * A REST request from an address of its own: the profile's REST budget per address is small, and these requests
     * are not what the tests count.
     */
    private static RequestSpecification api() {
        return given().header("X-Forwarded-For", newAddress());
    }

    /** An address no other test claims from. */
    private static synchronized String newAddress() {
        addresses++;
        return "192.0.2." + addresses;
    }

    /** Connects from the address under a fresh name, claims it, and closes: the claim's answer. */
    private JsonObject claimFrom(String address, String name) {
        ChatClient client = admittedFrom(address, name);
        client.send(new JsonObject().put("type", "claim"));
        JsonObject answer = answer(client);
        if ("claimed".equals(answer.getString("type"))) {
            claimed.add(name);
        }
        client.close();
        return answer;
    }

    private static JsonObject answer(ChatClient client) {
        return client.await(f -> "claimed".equals(f.getString("type")) || "error".equals(f.getString("type")),
                "the answer to claim");
    }

    /** The address's last connection may not have closed on the server yet: until it has, the address is full. */
    private ChatClient admittedFrom(String address, String name) {
        long deadline = System.nanoTime() + ChatClient.WAIT.toNanos();
        while (true) {
            ChatClient client = connect("/privateChat/" + name, null, Map.of("X-Forwarded-For", address), List.of());
            JsonObject first = client.next();
            if ("welcome".equals(first.getString("type"))) {
                return client;
            }
            assertEquals("ADDRESS_LIMIT", first.getString("code"));
            client.awaitClose();
            assertTrue(System.nanoTime() < deadline, "the address's last connection did not close");
        }
    }

    /** The server may not have seen the holder's close yet: a stranger is refused until it has. */
    private ChatClient awaitAdmittedAsStranger(String path) {
        long deadline = System.nanoTime() + ChatClient.WAIT.toNanos();
        while (true) {
            ChatClient client = connectAsStranger(path);
            JsonObject first = client.next();
            if ("welcome".equals(first.getString("type"))) {
                return client;
            }
            assertEquals("NAME_TAKEN", first.getString("code"));
            client.awaitClose();
            assertTrue(System.nanoTime() < deadline, "the name was not freed within " + ChatClient.WAIT);
        }
    }
}
