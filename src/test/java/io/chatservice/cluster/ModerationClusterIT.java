package io.chatservice.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ClusterNodes;
import io.chatservice.support.RedisServer;
import io.chatservice.support.ServiceProcess;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

/**
 * Moderation over two nodes on one Redis: what the server API does through one node holds on the other at once, and
 * a ban outlives a node's restart.
 */
class ModerationClusterIT extends TwoNodeTest {

    private static final String KEY = "cluster-moderation-key";

    @BeforeAll
    static void start() {
        RedisServer server = RedisServer.start();
        redis = server;
        nodes = ClusterNodes.start(Map.of("quarkus.redis.hosts", server.uri(), "chat.api.keys", KEY));
    }

    private static RequestSpecification api(ServiceProcess node) {
        return given().baseUri("http://127.0.0.1").port(node.port()).header("Authorization", "Bearer " + KEY);
    }

    private static void assertRefusedAsBanned(ChatClient client, String reason) {
        JsonObject error = client.awaitError("BANNED");
        assertEquals(reason, error.getString("info"));
        assertNotNull(error.getLong("retry_after_ms"));
        assertEquals(4403, client.awaitClose());
    }

    @Test
    void aKickThroughOneNodeClosesTheUsersConnectionsOnTheOther() {
        String room = unique("room"), alice = unique("alice");
        ChatClient groupTab = nodes.group(nodes.b(), alice, room);
        ChatClient privateTab = nodes.direct(nodes.b(), alice);
        ChatClient bob = nodes.group(nodes.b(), unique("bob"), room);

        api(nodes.a()).queryParam("reason", "take a break").delete("/api/users/{user}/connections", alice).then()
                .statusCode(200).body("closed", equalTo(0)).body("other_nodes", equalTo(true));

        assertEquals(4010, groupTab.awaitClose());
        assertEquals(4010, privateTab.awaitClose());
        assertEquals("take a break", groupTab.closeReason());
        bob.send(new JsonObject().put("room", room).put("info", "still here"));
        bob.await(f -> "still here".equals(f.getString("info")), "bob's own message");
    }

    @Test
    void aBanThroughOneNodeClosesAndRefusesTheNameOnTheOther() {
        String alice = unique("alice");
        ChatClient tab = nodes.direct(nodes.b(), alice);

        api(nodes.a()).body("{\"duration\":\"1h\",\"reason\":\"spam\"}").put("/api/bans/{user}", alice).then()
                .statusCode(201);

        assertRefusedAsBanned(tab, "spam");
        assertRefusedAsBanned(nodes.connectAsStranger(nodes.b(), "/groupchat/" + alice), "spam");
    }

    @Test
    void aBanLiftedThroughOneNodeLetsTheNameInOnTheOther() {
        String alice = unique("alice");
        api(nodes.a()).body("{\"duration\":\"1h\"}").put("/api/bans/{user}", alice).then().statusCode(201);
        assertRefusedAsBanned(nodes.connectAsStranger(nodes.b(), "/groupchat/" + alice), "banned by the service");

        api(nodes.a()).delete("/api/bans/{user}", alice).then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            ChatClient client = nodes.connectAsStranger(nodes.b(), "/groupchat/" + alice);
            boolean in = client.welcome() != null;
            client.close();
            return in;
        });
    }

    @Test
    void aMuteThroughOneNodeHoldsOnTheOther() {
        String room = unique("room"), alice = unique("alice");
        ChatClient tab = nodes.group(nodes.b(), alice, room);

        api(nodes.a()).body("{\"duration\":\"10m\"}").put("/api/rooms/{room}/mutes/{user}", room, alice).then()
                .statusCode(201);
        // The other node's own view, which its messages are checked against, has it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> api(nodes.b())
                .get("/api/rooms/{room}/mutes", room).then().statusCode(200).body("mutes.user[0]", equalTo(alice)));

        tab.send(new JsonObject().put("room", room).put("info", "let me speak").put("cid", "c1"));
        JsonObject muted = tab.awaitError("MUTED");
        assertEquals(room, muted.getString("room"));
        assertEquals("c1", muted.getString("cid"));
    }

    @Test
    void aNodeStartedAfterABanRefusesTheName() {
        String alice = unique("alice");
        api(nodes.a()).body("{\"duration\":\"1h\",\"reason\":\"spam\"}").put("/api/bans/{user}", alice).then()
                .statusCode(201);

        nodes.restartB();

        assertRefusedAsBanned(nodes.connectAsStranger(nodes.b(), "/privateChat/" + alice), "spam");
        api(nodes.b()).get("/api/bans").then().statusCode(200).body("bans.user", org.hamcrest.Matchers.hasItem(alice));
    }
}
