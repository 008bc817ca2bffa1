package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A full node refuses more: 503 for a client that can read it, an error frame for a browser, which cannot. */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(ServerCapacityTest.Tiny.class)
class ServerCapacityTest extends ChatTestBase {

    static final int CAPACITY = 2;

    public static class Tiny implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.max-connections", Integer.toString(CAPACITY));
        }
    }

    @Test
    void aFullNodeRefusesAnUpgradeWith503AndSaysWhenToRetry() throws Exception {
        fill();

        Upgrade refused = Upgrade.send(base.getHost(), base.getPort(), "/groupchat/" + unique("late"), Map.of());

        assertEquals(503, refused.status());
        assertNotNull(refused.headers().get("retry-after"));
    }

    @Test
    void aFullNodeTellsABrowserInAFrame() {
        fill();

        ChatClient browser = connect("/groupchat/" + unique("late")); // sends Origin, as a browser does

        browser.awaitError("SERVER_FULL");
        assertEquals(1008, browser.awaitClose());
    }

    private void fill() {
        for (int i = 0; i < CAPACITY; i++) {
            group(unique("user" + i));
        }
    }
}
