package io.chatservice.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * An open connection keeps nothing of its upgrade request: neither the request itself ({@link UpgradeIdentity}) nor
 * its headers ({@link UpgradeHeaders}), whatever the client sent.
 */
@QuarkusTest
class UpgradeRetentionTest extends ChatTestBase {

    private static final String MARK = "kept-";

    @Inject
    OpenConnections connections;

    @Test
    void anOpenConnectionLetsItsUpgradeRequestGo() {
        String alice = unique(MARK + "alice");
        String path = "/groupchat/" + alice;

        connect(path, null, Map.of("User-Agent", "x".repeat(200)), List.of()).awaitType("presence");

        WeakReference<RoutingContext> upgrade = Upgrades.SEEN.get(path);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return upgrade.get() == null;
        });
    }

    @Test
    void anOpenConnectionKeepsNoHeaders() {
        String bob = unique(MARK + "bob");

        ChatClient client = connect("/groupchat/" + bob, null, Map.of("User-Agent", "x".repeat(200)), List.of());
        client.awaitType("presence");

        WebSocketConnection open = connections.stream().filter(c -> bob.equals(c.pathParam("username"))).findFirst()
                .orElseThrow();
        assertEquals(Map.of(), open.handshakeRequest().headers());
    }

    /** Notes each upgrade request of these tests, weakly, as it passes. */
    @Singleton
    static class Upgrades {

        static final Map<String, WeakReference<RoutingContext>> SEEN = new ConcurrentHashMap<>();

        void register(@Observes Filters filters) {
            filters.register(routing -> {
                if (routing.normalizedPath().contains(MARK)) {
                    SEEN.put(routing.normalizedPath(), new WeakReference<>(routing));
                }
                routing.next();
            }, 1);
        }
    }
}
