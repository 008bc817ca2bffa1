package io.chatservice.admission;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An operator's list of the origins whose pages may connect: one site, and {@code null}, which pages opened from files
 * send. Not the service's own origin ({@code self}).
 */
public class ListedOriginsProfile implements QuarkusTestProfile {

    public static final String LISTED = "https://chat.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chat.security.allowed-origins", LISTED + ",null");
    }
}
