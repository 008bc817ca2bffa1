package io.chatservice.identity;

import java.util.HashMap;
import java.util.Map;

import io.chatservice.support.Tokens;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * {@code jwt} mode, trusting the key pair of {@link Tokens} and its issuer. The clock skew is SmallRye JWT's least
 * (1 s; 0 would mean its default of 60 s), so that a token's expiry closes its connection within a test's wait.
 */
public class TokenProfile implements QuarkusTestProfile {

    /** The role a token needs to call the server API ({@code TokenApiTest}). */
    public static final String API_ROLE = "chat-backend";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("chat.identity.mode", "jwt");
        config.put("mp.jwt.verify.publickey", Tokens.publicKey());
        config.put("mp.jwt.verify.issuer", Tokens.ISSUER);
        config.put("mp.jwt.verify.clock.skew", "1");
        config.put("chat.api.token-role", API_ROLE);
        return config;
    }
}
