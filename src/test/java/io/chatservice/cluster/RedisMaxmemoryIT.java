package io.chatservice.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.Flood;
import io.chatservice.support.RedisServer;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * With {@code chat.broker=redis}, history is Redis' to hold, within its {@code maxmemory} under {@code noeviction}
 * (as docs/cluster.md says to run it). A flood within every default limit from a hundred addresses fills a small Redis:
 * the node, with a third of the container's heap, stays up and answers {@code UNAVAILABLE} rather than lose or
 * half-keep a message, what Redis kept stays, and once Redis has room again the same node serves chat at once.
 */
class RedisMaxmemoryIT {

    private static final int HEAP_MB = 192;
    private static final Duration FLOOD_LIMIT = Duration.ofSeconds(60);

    private static Vertx vertx;
    private static RedisServer redis;
    private static ServiceProcess node;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        redis = RedisServer.start("--maxmemory", "24mb", "--maxmemory-policy", "noeviction");
        node = ServiceProcess.start(Map.of("chat.broker", "redis", "quarkus.redis.hosts", redis.uri(),
                "chat.cluster.node-id", "full-" + System.nanoTime(), "chat.limits.upgrade-rate-per-address", "20"),
                List.of("-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.stop();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aFloodThatFillsRedisIsAnsweredUnavailableAndTheNodeChatsAgainOnceRedisHasRoom() {
        try (Flood flood = new Flood(vertx, node.port(), 4000, 9)) {
            for (int address = 1; address <= 100; address++) {
                flood.from("127.0.4." + address, "many" + address, 2);
            }
            await("Redis is full and the node says so").atMost(FLOOD_LIMIT).pollInterval(Duration.ofMillis(500))
                    .failFast("the node died", () -> !node.isAlive())
                    .until(() -> flood.unavailable() > 100);
            assertTrue(node.isAlive());
            assertEquals(0, flood.otherErrors(), "no refusal but rate limits and UNAVAILABLE");
            String room = "many1-0";
            JsonObject page = new JsonObject(node.get("/api/rooms/" + room + "/messages?limit=1"));
            assertEquals(1, page.getJsonArray("messages").size(), "what Redis kept stays: " + page.encode());
        }
        redis.cli("CONFIG", "SET", "maxmemory", "0");

        ChatClient alice = ChatClient.connectFrom(vertx, node.ws("/groupchat/alice/tea"), "127.0.5.1");
        ChatClient bob = ChatClient.connectFrom(vertx, node.ws("/groupchat/bob/tea"), "127.0.5.1");
        try {
            alice.awaitType("presence");
            bob.awaitType("presence");
            alice.send(new JsonObject().put("room", "tea").put("info", "room again"));
            assertEquals("room again", bob.nextMessage().getString("info"));
        } finally {
            alice.close();
            bob.close();
        }
    }
}
