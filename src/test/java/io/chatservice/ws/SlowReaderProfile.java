package io.chatservice.ws;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A reader counts as stalled after one second without progress, checked four times a second; the sender floods the
 * room on purpose, so the send rate limits (frames and its address's text) are off.
 */
public class SlowReaderProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "chat.delivery.stall-timeout", "1s",
                "chat.liveness.check-interval", "250ms",
                "chat.limits.message-rate", "0",
                "chat.limits.user-message-rate", "0",
                "chat.limits.address-text-rate", "0");
    }
}
