package io.chatservice.lifecycle;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** An HTTP idle timeout shorter than the silence before a ping, so only the service's own liveness can keep a quiet peer. */
public class ShortHttpIdleTimeoutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.idle-timeout", "1s",
                "chat.liveness.ping-interval", "1500ms",
                "chat.liveness.timeout", "4s",
                "chat.liveness.check-interval", "250ms");
    }
}
