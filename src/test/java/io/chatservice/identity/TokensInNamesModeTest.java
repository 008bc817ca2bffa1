package io.chatservice.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * In {@code names} mode (the default, with no {@code mp.jwt.*} settings at all) a token is nobody's business: REST and
 * WebSocket requests that carry one, valid or not, are served as they would be without it.
 */
@QuarkusTest
class TokensInNamesModeTest extends ChatTestBase {

    private static final Map<String, String> STALE_TOKEN = Map.of("Authorization", "Bearer not.a.token");

    @Test
    void restIgnoresABearerHeader() {
        given().headers(STALE_TOKEN).when().get("/api/users").then().statusCode(200);
    }

    @Test
    void theChatPageIgnoresABearerHeader() {
        given().headers(STALE_TOKEN).when().get("/chat").then().statusCode(200);
    }

    @Test
    void aWebSocketWithABearerHeaderIsAdmittedByItsName() {
        String alice = unique("alice");

        ChatClient a = connect("/groupchat/" + alice, null, STALE_TOKEN, List.of());

        assertEquals(alice, a.welcome().getString("user"));
        assertEquals(43, a.key().length(), "a key, as for any client in names mode");
    }

    @Test
    void aClientOfferingTheChatSubprotocolIsUpgradedWithIt() {
        ChatClient a = connect("/groupchat/" + unique("alice"), null, Map.of(), List.of("chat"));

        assertNotNull(a.welcome());
        assertEquals("chat", a.subprotocol());
    }
}
