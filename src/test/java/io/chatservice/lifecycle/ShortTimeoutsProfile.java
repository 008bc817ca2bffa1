package io.chatservice.lifecycle;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service's timeouts short enough to be watched in a test: pings every half second and a silent peer given up
 * after two, and a request head that must be complete within one. The tests of both share one application.
 */
public class ShortTimeoutsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chat.liveness.ping-interval", "500ms",
                "chat.liveness.timeout", "2s",
                "chat.liveness.check-interval", "250ms",
                "chat.http.head-timeout", "1s");
    }
}
