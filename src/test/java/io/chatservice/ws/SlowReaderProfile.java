package io.chatservice.ws;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A reader counts as stalled after one second without progress, checked four times a second. */
public class SlowReaderProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chat.delivery.stall-timeout", "1s",
                "chat.liveness.check-interval", "250ms");
    }
}
