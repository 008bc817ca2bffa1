package io.chatservice.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * In {@code jwt} mode the application's backend may call the server API with a token instead of a key: one that
 * verifies as a connection's does and carries the role {@code chat.api.token-role} in {@code chat.api.role-claim}
 * ({@code groups}). No key is set here, so tokens are the only way in.
 */
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenApiTest extends ChatTestBase {

    private static String backendToken(String subject) {
        return Tokens.claims(subject).groups(TokenProfile.API_ROLE).sign(Tokens.privateKey());
    }

    private static Response post(String token, String path, String target, JsonObject body) {
        return given().header("Authorization", "Bearer " + token).contentType("application/json").body(body.encode())
                .post(path, target);
    }

    private ChatClient privateWithToken(String user) {
        ChatClient client = connect("/privateChat/" + user, null,
                Map.of("Authorization", "Bearer " + Tokens.token(user)), List.of());
        client.awaitType("presence");
        return client;
    }

    @Test
    void aTokenWithTheRolePostsIntoARoom() {
        String room = unique("dev");
        String alice = unique("alice");
        ChatClient a = connect("/groupchat/" + alice + "/" + room, null,
                Map.of("Authorization", "Bearer " + Tokens.token(alice)), List.of());
        a.awaitType("presence");

        post(backendToken("release-service"), "/api/rooms/{room}/messages", room,
                new JsonObject().put("from_user", "deploy-bot").put("info", "shipped")).then().statusCode(201);

        JsonObject message = a.nextMessage();
        assertEquals("shipped", message.getString("info"));
        assertEquals(Boolean.TRUE, message.getBoolean("server"));
    }

    @Test
    void aTokenWithoutTheRoleIs403() {
        post(Tokens.token("someone"), "/api/rooms/{room}/messages", unique("dev"),
                new JsonObject().put("from_user", "deploy-bot").put("info", "x")).then().statusCode(403)
                .body("code", equalTo("API_ROLE_REQUIRED"));
    }

    @Test
    void aTokenFromAnUntrustedIssuerKeyIs401() {
        String forged = Tokens.claims("release-service").groups(TokenProfile.API_ROLE)
                .sign(Tokens.strangersKeyPair().getPrivate());

        post(forged, "/api/rooms/{room}/messages", unique("dev"),
                new JsonObject().put("from_user", "deploy-bot").put("info", "x")).then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void aKeyIsRefusedWhereOnlyTokensAreAccepted() {
        post("some-key", "/api/rooms/{room}/messages", unique("dev"),
                new JsonObject().put("from_user", "deploy-bot").put("info", "x")).then().statusCode(401)
                .body("code", equalTo("API_KEY_INVALID"));
    }

    @Test
    void aSubjectReadsTheBackendsConversationBackUnderItsName() {
        String bob = unique("bob");
        ChatClient b = privateWithToken(bob);
        post(backendToken("billing-service"), "/api/users/{user}/messages", bob,
                new JsonObject().put("from_user", "billing").put("info", "invoice ready")).then().statusCode(201)
                .body("status", equalTo("sent"));
        assertEquals(Boolean.TRUE, b.nextMessage().getBoolean("server"));

        b.send(new JsonObject().put("type", "history").put("with_user", "billing"));

        assertEquals(List.of("invoice ready"), b.historyRun().texts());
    }
}
