package io.chatservice.lifecycle;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Pings every half second and gives up on a silent peer after two, so liveness can be watched in a test. */
public class QuickPingsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chat.liveness.ping-interval", "500ms",
                "chat.liveness.timeout", "2s",
                "chat.liveness.check-interval", "250ms");
    }
}
