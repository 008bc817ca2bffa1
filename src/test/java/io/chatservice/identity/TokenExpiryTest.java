package io.chatservice.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** A connection lasts as long as its token: when the token expires, the connection is told and closed with 4401. */
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenExpiryTest extends ChatTestBase {

    private static final int TOKEN_EXPIRED = 4401;
    /** The token's 2 s, whole seconds rounding, the profile's 1 s clock skew, and slack for a busy machine. */
    private static final Duration EXPIRY_WAIT = Duration.ofSeconds(10);

    private ChatClient withBearer(String path, String token) {
        return connect(path, null, Map.of("Authorization", "Bearer " + token), List.of());
    }

    @Test
    void aConnectionIsClosedWith4401WhenItsTokenExpires() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient b = withBearer("/groupchat/" + bob, Tokens.token(bob));
        b.awaitType("presence");
        Scrape before = Scrape.now();
        String shortLived = Tokens.claims(alice).expiresAt(Instant.now().plusSeconds(2)).sign(Tokens.privateKey());
        ChatClient a = withBearer("/groupchat/" + alice, shortLived);
        assertNotNull(a.welcome(), "admitted while the token is valid");

        a.await(f -> "error".equals(f.getString("type")) && "TOKEN_EXPIRED".equals(f.getString("code")),
                "error TOKEN_EXPIRED", EXPIRY_WAIT);

        assertEquals(TOKEN_EXPIRED, a.awaitClose());
        b.await(f -> "leave".equals(f.getString("type")) && alice.equals(f.getString("from_user")), "alice's leave");
        Scrape after = Scrape.now();
        assertTrue(after.value("chat_refusals_total{reason=\"token_expired\"}")
                > before.value("chat_refusals_total{reason=\"token_expired\"}"), "counted");
        assertTrue(after.value("chat_errors_total{code=\"TOKEN_EXPIRED\"}")
                > before.value("chat_errors_total{code=\"TOKEN_EXPIRED\"}"), "counted as an error frame");
    }
}
