package io.chatservice.admission;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Behind a trusted proxy on the loopback address, which forwards each client's address ({@code X-Forwarded-For}), with
 * one connection per address and a small REST budget per address; also small claim limits and a server API key, for
 * {@code ClaimsTest}, whose clients claim from addresses of their own behind the same proxy: one application for both.
 */
public class BehindAProxyProfile implements QuarkusTestProfile {

    public static final String API_KEY = "operator-key-for-the-tests";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                "chat.limits.max-connections-per-address", "1",
                "chat.limits.rest-rate-per-address", "0.2",
                "chat.limits.rest-burst-per-address", "6",
                "chat.limits.claims-per-address", "2",
                "chat.limits.max-claims", "3",
                "chat.api.keys", API_KEY);
    }
}
