package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * One address may open connections only so fast. The rate is slow here, two a second, so that a test's upgrades in a
 * row always outrun it, however slow the machine.
 */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(UpgradeRateTest.Slow.class)
class UpgradeRateTest extends ChatTestBase {

    static final int TRIES = 10;

    public static class Slow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.limits.upgrade-rate-per-address", "2",
                    "chat.limits.upgrade-burst-per-address", "3");
        }
    }

    @Test
    void upgradesPastTheRateGet429WithRetryAfter() throws Exception {
        Upgrade refused = null;
        for (int i = 0; i < TRIES && refused == null; i++) {
            Upgrade upgrade = Upgrade.send(base.getHost(), base.getPort(), "/groupchat/" + unique("u"), Map.of());
            if (upgrade.status() != 101) {
                refused = upgrade;
            }
        }

        assertNotNull(refused, "some of " + TRIES + " upgrades in a row were refused");
        assertEquals(429, refused.status());
        assertTrue(Integer.parseInt(refused.headers().get("retry-after")) >= 1);
    }

    @Test
    void aBrowserPastTheRateIsToldInAFrame() {
        JsonObject refusal = null;
        for (int i = 0; i < TRIES && refusal == null; i++) {
            ChatClient browser = connect("/privateChat/" + unique("u"));
            JsonObject first = browser.next();
            if ("error".equals(first.getString("type"))) {
                refusal = first;
                assertEquals(1008, browser.awaitClose());
            }
        }

        assertNotNull(refusal, "some of " + TRIES + " connections in a row were refused");
        assertEquals("RATE_LIMITED", refusal.getString("code"));
        assertTrue(refusal.getLong("retry_after_ms") > 0);
    }
}
