package io.chatservice.admission;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A name, and an address, may hold only so many connections; a refused one is told why and closed. */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(ConnectionCapsTest.Small.class)
class ConnectionCapsTest extends ChatTestBase {

    static final int PER_USER = 2;
    static final int PER_ADDRESS = 4;

    public static class Small implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.limits.max-connections-per-user", Integer.toString(PER_USER),
                    "chat.limits.max-connections-per-address", Integer.toString(PER_ADDRESS));
        }
    }

    /** How long the server may take to see a close the client made: seconds, on a loaded machine. */
    static final Duration CLOSE_SEEN = Duration.ofSeconds(20);

    /** The previous test's connections are closed, and the server has seen them close. */
    @BeforeEach
    void nobodyIsConnected() {
        await().atMost(CLOSE_SEEN).until(() -> Scrape.now().value("chat_connections{channel=\"group\"}")
                + Scrape.now().value("chat_connections{channel=\"private\"}") == 0);
    }

    @Test
    void aNameMayHaveOnlySoManyConnections() {
        String alice = unique("alice");
        group(alice);
        direct(alice);

        ChatClient third = connect("/groupchat/" + alice);

        third.awaitError("TOO_MANY_CONNECTIONS");
        assertEquals(1008, third.awaitClose());
    }

    @Test
    void aClosedConnectionMakesRoomForAnother() {
        String alice = unique("alice");
        group(alice);
        ChatClient second = direct(alice);
        second.close();

        await().atMost(CLOSE_SEEN).until(() -> connect("/privateChat/" + alice).welcome() != null);
    }

    @Test
    void anAddressMayHaveOnlySoManyConnections() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertNotNull(group(unique("user" + i)));
        }

        ChatClient onceMore = connect("/groupchat/" + unique("another"));

        onceMore.awaitError("ADDRESS_LIMIT");
        assertEquals(1008, onceMore.awaitClose());
    }
}
