package io.chatservice.metrics;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.quarkus.test.junit.QuarkusTest;

/** After real traffic, /q/metrics counts it. Every test shares the service, so each check is a difference. */
@QuarkusTest
class ChatMetricsTest extends ChatTestBase {

    private static final String GROUP_RECEIVED = "chat_messages_received_total{channel=\"group\"}";
    private static final String PRIVATE_RECEIVED = "chat_messages_received_total{channel=\"private\"}";
    private static final String SENT = "chat_deliveries_sent_total";
    private static final String LATENCY_COUNT = "chat_delivery_latency_seconds_count";
    private static final String OFFLINE_ERRORS = "chat_errors_total{code=\"USER_OFFLINE\"}";
    private static final String MALFORMED_ERRORS = "chat_errors_total{code=\"MALFORMED_JSON\"}";
    private static final String GROUP_CONNECTIONS = "chat_connections{channel=\"group\"}";
    private static final String PRIVATE_CONNECTIONS = "chat_connections{channel=\"private\"}";
    private static final String GROUP_OPENED = "chat_connections_opened_total{channel=\"group\"}";
    private static final String PRIVATE_OPENED = "chat_connections_opened_total{channel=\"private\"}";

    @Test
    void aNodeThatIsNotDrainingShowsNoneSentAwayAndNonePending() {
        Scrape now = Scrape.now();

        assertTrue(now.has("chat_drain_sent_away_total"), "chat_drain_sent_away_total is published");
        assertEquals(0, now.value("chat_drain_sent_away_total"));
        assertTrue(now.has("chat_drain_pending"), "chat_drain_pending is published");
        assertEquals(0, now.value("chat_drain_pending"));
    }

    @Test
    void groupMessagesAndTheirDeliveriesAreCounted() {
        String room = unique("room");
        Scrape before = Scrape.now();
        ChatClient a = group(unique("alice"), room);
        ChatClient b = group(unique("bob"), room);

        for (int i = 0; i < 3; i++) {
            a.send(say("counted " + i));
        }
        for (int i = 0; i < 3; i++) {
            a.nextMessage();
            b.nextMessage();
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape after = Scrape.now();
            assertEquals(3, after.value(GROUP_RECEIVED) - before.value(GROUP_RECEIVED));
            // 2 presence, 3 joins (alice to herself, bob to both), 6 messages; other tests' leftovers only add.
            assertTrue(after.value(SENT) - before.value(SENT) >= 11, "deliveries sent");
            assertTrue(after.value(LATENCY_COUNT) - before.value(LATENCY_COUNT) >= 3, "latency recorded");
        });
    }

    @Test
    void privateMessagesAreCounted() {
        String alice = unique("alice"), bob = unique("bob");
        Scrape before = Scrape.now();
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);

        a.send(tell(bob, "one")).send(tell(bob, "two"));
        b.nextMessage();
        b.nextMessage();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(2,
                Scrape.now().value(PRIVATE_RECEIVED) - before.value(PRIVATE_RECEIVED)));
    }

    @Test
    void errorsAreCountedByCode() {
        Scrape before = Scrape.now();
        ChatClient a = direct(unique("alice"));

        a.send(tell(unique("nobody"), "hello?"));
        a.awaitError("USER_OFFLINE");
        a.send("not json");
        a.awaitError("MALFORMED_JSON");

        Scrape after = Scrape.now();
        assertEquals(1, after.value(OFFLINE_ERRORS) - before.value(OFFLINE_ERRORS));
        assertEquals(1, after.value(MALFORMED_ERRORS) - before.value(MALFORMED_ERRORS));
    }

    @Test
    void openConnectionsAreCountedPerChannel() {
        // Other tests' connections may still be closing: start from a count that holds still.
        Scrape before = settledConnections();
        ChatClient group = group(unique("alice"), unique("room"));
        ChatClient direct = direct(unique("carol"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape now = Scrape.now();
            assertEquals(before.value(GROUP_CONNECTIONS) + 1, now.value(GROUP_CONNECTIONS), "group connections");
            assertEquals(before.value(PRIVATE_CONNECTIONS) + 1, now.value(PRIVATE_CONNECTIONS), "private connections");
        });

        group.close();
        direct.close();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape now = Scrape.now();
            assertEquals(before.value(GROUP_CONNECTIONS), now.value(GROUP_CONNECTIONS), "group connections");
            assertEquals(before.value(PRIVATE_CONNECTIONS), now.value(PRIVATE_CONNECTIONS), "private connections");
        });
    }

    @Test
    void admittedConnectionsAreCountedPerChannelAndStayCountedOnceClosed() {
        Scrape before = Scrape.now();
        ChatClient group = group(unique("alice"), unique("room"));
        direct(unique("carol"));
        direct(unique("dave"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape now = Scrape.now();
            assertTrue(now.value(GROUP_OPENED) - before.value(GROUP_OPENED) >= 1, "group admissions");
            assertTrue(now.value(PRIVATE_OPENED) - before.value(PRIVATE_OPENED) >= 2, "private admissions");
        });
        Scrape opened = Scrape.now();
        group.close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Scrape.now().value(GROUP_CONNECTIONS) < opened.value(GROUP_CONNECTIONS));

        assertTrue(Scrape.now().value(GROUP_OPENED) >= opened.value(GROUP_OPENED), "a counter, not a gauge");
    }

    /** A scrape whose connection counts are those of the scrape before it, a poll interval earlier. */
    private static Scrape settledConnections() {
        AtomicReference<Scrape> last = new AtomicReference<>(Scrape.now());
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Scrape now = Scrape.now(), previous = last.getAndSet(now);
            boolean settled = now.value(GROUP_CONNECTIONS) == previous.value(GROUP_CONNECTIONS)
                    && now.value(PRIVATE_CONNECTIONS) == previous.value(PRIVATE_CONNECTIONS);
            return settled ? now : null;
        }, Objects::nonNull);
    }

    @Test
    void historyKeptIsMeteredAgainstItsBudget() {
        String room = unique("room");
        ChatClient a = group(unique("alice"), room);
        Scrape before = Scrape.now();
        a.send(say("x".repeat(2000)));
        a.nextMessage();

        Scrape after = Scrape.now();
        double limit = after.value("chat_history_memory_limit_bytes");
        assertTrue(limit > 0, "the default budget, a share of the heap: " + limit);
        assertTrue(after.value("chat_history_memory_bytes") >= before.value("chat_history_memory_bytes") + 2000,
                "the message is counted");
        assertTrue(after.value("chat_history_memory_bytes") <= limit, "within the budget");
        assertTrue(after.value("chat_history_streams") >= 1);
        assertTrue(after.value("chat_mailbox_memory_limit_bytes") > 0);
    }

    @Test
    void webSocketUpgradesAreCountedAsConnectionsNotAsHttpRequests() {
        Scrape before = Scrape.now();
        direct(unique("alice"));
        group(unique("bob"), unique("room"));
        given().when().get("/api/rooms").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape after = Scrape.now();
            assertTrue(after.value(PRIVATE_CONNECTIONS) - before.value(PRIVATE_CONNECTIONS) >= 1, "private connection");
            assertTrue(after.value(GROUP_CONNECTIONS) - before.value(GROUP_CONNECTIONS) >= 1, "group connection");
            assertTrue(after.names().anyMatch(n -> n.startsWith("http_server_requests_seconds_count{")
                    && n.contains("uri=\"/api/rooms\"")), "REST requests are still timed");
            assertTrue(after.names().noneMatch(n -> n.startsWith("http_server_") && (n.contains("/groupchat")
                    || n.contains("/privateChat") || n.startsWith("http_server_websocket"))),
                    "no HTTP meter of a WebSocket path");
        });
    }
}
