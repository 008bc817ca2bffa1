package io.chatservice.transport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A request head must be complete within one second, so that a slow one can be watched being cut off. */
public class ShortHeadTimeoutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("chat.http.head-timeout", "1s");
    }
}
