package io.chatservice.ws;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service behind TLS, configured as in production through the TLS registry's default configuration: the key
 * store {@code TlsChatTest}'s {@code @Certificates} generates, https on a random port, and plain http redirected there.
 */
public class TlsProfile implements QuarkusTestProfile {

    static final String CERTIFICATES = "target/certs";
    static final String NAME = "chat-tls";
    static final String PASSWORD = "secret";
    static final String KEY_STORE = CERTIFICATES + "/" + NAME + "-keystore.p12";
    static final String TRUST_STORE = CERTIFICATES + "/" + NAME + "-truststore.p12";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.tls.key-store.p12.path", KEY_STORE,
                "quarkus.tls.key-store.p12.password", PASSWORD,
                "quarkus.http.test-ssl-port", "0",
                "quarkus.http.insecure-requests", "redirect");
    }
}
