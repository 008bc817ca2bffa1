package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** Behind a trusted proxy, each client is counted by its own address, not the proxy's. */
@QuarkusTest
@TestProfile(BehindAProxyProfile.class)
class ForwardedAddressTest extends ChatTestBase {

    private Upgrade.Open from(String clientAddress) throws Exception {
        return Upgrade.open(base.getHost(), base.getPort(), "/groupchat/" + unique("u"),
                Map.of("X-Forwarded-For", clientAddress));
    }

    private static String firstType(Upgrade.Open connection) throws Exception {
        JsonObject frame = new JsonObject(connection.readText());
        return frame.getString("type").equals("error") ? frame.getString("code") : frame.getString("type");
    }

    @Test
    void twoClientsBehindTheProxyAreCountedApart() throws Exception {
        try (Upgrade.Open first = from("203.0.113.7"); Upgrade.Open second = from("203.0.113.8")) {
            assertEquals("welcome", firstType(first));
            assertEquals("welcome", firstType(second));
        }
    }

    @Test
    void oneClientBehindTheProxyMeetsItsOwnCap() throws Exception {
        try (Upgrade.Open first = from("198.51.100.9"); Upgrade.Open second = from("198.51.100.9")) {
            assertEquals("welcome", firstType(first));
            assertEquals("ADDRESS_LIMIT", firstType(second));
        }
    }
}
