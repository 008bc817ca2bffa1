package io.chatservice.memory;

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
import io.chatservice.support.Scrape;
import io.chatservice.support.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The packaged service, with the default budgets, flooded within every default limit until it has accepted more
 * message text than its whole heap: 100 connections from one address (the rooms one address may open at once) and
 * 200 from a hundred others, each under its own name in its own room, sending 4 000-byte messages at 9 a second. It
 * stays up, serves a bystander, and says that its budget evicted. The heap is a third of the container's
 * ({@code -Xmx576m}, 75 % of the pod's 768 MiB), and the flood is scaled with it, so that the run takes well under a
 * minute; the budget is the default share of whatever heap the JVM has. As in the container, an OutOfMemoryError ends the process.
 */
class MemoryBudgetIT {

    private static final int HEAP_MB = 192;
    private static final long HEAP_BYTES = HEAP_MB * 1024L * 1024;
    private static final int TEXT_BYTES = 4000;
    private static final double RATE = 9;
    private static final Duration FLOOD_LIMIT = Duration.ofSeconds(90);

    private static Vertx vertx;
    private static ServiceProcess service;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        // Every default limit, the upgrade rate and the rooms an address opens too (ServiceProcess turns them off
        // unless told).
        service = ServiceProcess.start(Map.of("chat.limits.upgrade-rate-per-address", "20",
                "chat.limits.room-joins-per-address", "60"),
                List.of("-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static Scrape metrics() {
        return Scrape.of(service.get("/q/metrics"));
    }

    @Test
    void aFloodWithinTheLimitsFromOneAddressAndFromManyLeavesTheServiceUpAndItsHistoryWithinBudget() {
        try (Flood flood = new Flood(vertx, service.port(), TEXT_BYTES, RATE)) {
            // One address: paced under its upgrade rate (20 a second), held to its text rate once in.
            flood.from("127.0.0.1", "one", 100, 60);
            for (int address = 1; address <= 100; address++) {
                flood.from("127.0.1." + address, "many" + address, 2);
            }
            await("the service has accepted more text than its heap holds").atMost(FLOOD_LIMIT)
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the service died", () -> !service.isAlive())
                    .until(() -> flood.acceptedBytes() > HEAP_BYTES * 11 / 10);

            assertTrue(service.isAlive(), "the service is up");
            bystandersChat();
            Scrape scrape = metrics();
            long limit = (long) scrape.value("chat_history_memory_limit_bytes");
            assertTrue(limit > HEAP_BYTES / 5 && limit <= HEAP_BYTES / 4, "the default budget: " + limit);
            // A write is counted before the coldest streams are evicted for it, so a scrape in the middle of the
            // flood may catch the total one message over: the budget holds when the evictions have caught up.
            await("within the budget").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> metrics().value("chat_history_memory_bytes") <= limit);
            assertTrue(scrape.value("chat_history_evictions_total{reason=\"budget\"}") > 0, "the budget evicted");
            assertTrue(scrape.value("chat_refusals_total{reason=\"address_text_rate\"}") > 0,
                    "the single address was held to its text rate");
            assertEquals(0, flood.otherErrors(), "no refusal but rate limits");
            assertEquals(0, flood.failed(), "every connection was let in");

            JsonObject ready = new JsonObject(service.get("/q/health/ready"));
            JsonObject memory = ready.getJsonArray("checks").stream().map(JsonObject.class::cast)
                    .filter(check -> "chat-memory".equals(check.getString("name"))).findFirst().orElseThrow();
            assertEquals("UP", memory.getString("status"));
            assertEquals(true, memory.getJsonObject("data").getBoolean("evicting"), memory.encode());
        }
    }

    /** Two people from an address of their own chat in a room of their own while the flood goes on. */
    private static void bystandersChat() {
        ChatClient alice = ChatClient.connectFrom(vertx, service.ws("/groupchat/alice/tea"), "127.0.2.1");
        ChatClient bob = ChatClient.connectFrom(vertx, service.ws("/groupchat/bob/tea"), "127.0.2.1");
        try {
            alice.awaitType("presence");
            bob.awaitType("presence");
            alice.send(new JsonObject().put("room", "tea").put("info", "still here?"));
            assertEquals("still here?", bob.nextMessage().getString("info"));
        } finally {
            alice.close();
            bob.close();
        }
    }
}
