package io.chatservice.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code chat.identity.name-claim} picks the claim that names the user, here {@code preferred_username}. */
@QuarkusTest
@TestProfile(PreferredUsernameProfile.class)
class TokenNameClaimTest extends ChatTestBase {

    private ChatClient withBearer(String path, String token) {
        return connect(path, null, Map.of("Authorization", "Bearer " + token), List.of());
    }

    @Test
    void theConfiguredClaimNamesTheUser() {
        String alice = unique("alice");
        String token = Tokens.claims("f81d4fae-7dec-11d0-a765-00a0c91e6bf6").preferredUserName(alice)
                .sign(Tokens.privateKey());

        ChatClient a = withBearer("/groupchat/" + alice, token);

        assertEquals(alice, a.welcome().getString("user"));
    }

    @Test
    void aTokenWithoutTheClaimIsRefused() {
        String alice = unique("alice");

        ChatClient a = withBearer("/groupchat/" + alice, Tokens.token(alice));

        assertTrue(a.awaitError("TOKEN_INVALID").getString("info").contains("preferred_username"));
        assertEquals(1008, a.awaitClose());
    }
}
