package io.chatservice.admission;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Behind a trusted proxy on the loopback address, which forwards each client's address ({@code X-Forwarded-For}), with
 * two connections per address and small budgets per address (REST requests, rooms opened); also small claim limits
 * and a server API key, for {@code ClaimsTest}, whose clients claim from addresses of their own behind the same proxy,
 * one connection at a time: one application for both.
 */
public class BehindAProxyProfile implements QuarkusTestProfile {

    public static final String API_KEY = "operator-key-for-the-tests";

    /** Rooms one address, and one name, may open at once; then one every two minutes. */
    public static final int ROOM_BURST = 6;
    public static final int USER_ROOM_BURST = 10;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1"),
                Map.entry("chat.limits.max-connections-per-address", "2"),
                Map.entry("chat.limits.rest-rate-per-address", "0.2"),
                Map.entry("chat.limits.rest-burst-per-address", "6"),
                Map.entry("chat.limits.room-joins-per-address", "0.5"),
                Map.entry("chat.limits.room-join-burst-per-address", Integer.toString(ROOM_BURST)),
                Map.entry("chat.limits.room-joins-per-user", "0.5"),
                Map.entry("chat.limits.room-join-burst-per-user", Integer.toString(USER_ROOM_BURST)),
                Map.entry("chat.limits.claims-per-address", "2"),
                Map.entry("chat.limits.max-claims", "3"),
                Map.entry("chat.api.keys", API_KEY));
    }
}
