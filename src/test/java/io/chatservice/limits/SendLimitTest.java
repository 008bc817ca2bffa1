package io.chatservice.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * A connection may send a burst and then a steady rate; past that its frames are refused to it alone, and a client
 * that keeps going is closed. The rates are slow here (one a second), so that a test's burst always arrives within
 * one refill, however slow the machine.
 */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(SendLimitTest.Slow.class)
class SendLimitTest extends ChatTestBase {

    static final int BURST = 5;
    static final int USER_BURST = 8;
    static final int FLOOD_CLOSE_AFTER = 10;
    /** Two texts of {@link #LONG} bytes fit in the address's burst, a third does not. */
    static final int ADDRESS_TEXT_BURST = 10_000;
    static final String LONG = "x".repeat(4000);

    public static class Slow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.limits.message-rate", "1",
                    "chat.limits.message-burst", Integer.toString(BURST),
                    "chat.limits.user-message-rate", "1",
                    "chat.limits.user-message-burst", Integer.toString(USER_BURST),
                    "chat.limits.flood-close-after", Integer.toString(FLOOD_CLOSE_AFTER),
                    "chat.limits.address-text-rate", "4000",
                    "chat.limits.address-text-burst", Integer.toString(ADDRESS_TEXT_BURST));
        }
    }

    @Test
    void aBurstWithinTheLimitIsDeliveredInFull() {
        String room = unique("room");
        ChatClient sender = group(unique("sender"), room);
        ChatClient member = group(unique("member"), room);

        for (int i = 0; i < BURST; i++) {
            sender.send(sayIn(room, "m" + i));
        }

        for (int i = 0; i < BURST; i++) {
            assertEquals("m" + i, member.nextMessage().getString("info"));
        }
    }

    @Test
    void aFrameOverTheLimitReachesNobodyAndItsSenderIsToldWhenToRetry() {
        String room = unique("room");
        ChatClient sender = group(unique("sender"), room);
        ChatClient member = group(unique("member"), room);
        Scrape before = Scrape.now();

        for (int i = 0; i < BURST + 1; i++) {
            sender.send(sayIn(room, "m" + i));
        }

        JsonObject error = sender.awaitError("RATE_LIMITED");
        assertTrue(error.getLong("retry_after_ms") > 0, "says when to retry: " + error.encode());
        for (int i = 0; i < BURST; i++) {
            assertEquals("m" + i, member.nextMessage().getString("info"));
        }
        member.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
        assertTrue(Scrape.now().value("chat_refusals_total{reason=\"message_rate\"}")
                > before.value("chat_refusals_total{reason=\"message_rate\"}"), "counted");
    }

    @Test
    void joinsCountAgainstTheLimit() {
        ChatClient sender = group(unique("sender"), unique("room"));

        for (int i = 0; i < BURST + 1; i++) {
            sender.send(new JsonObject().put("type", "join").put("room", unique("room")));
        }

        sender.awaitError("RATE_LIMITED");
    }

    @Test
    void afterTheWaitItSaysTheSenderMayGoOn() {
        String room = unique("room");
        ChatClient sender = group(unique("sender"), room);
        ChatClient member = group(unique("member"), room);
        for (int i = 0; i < BURST + 1; i++) {
            sender.send(sayIn(room, "m" + i));
        }
        long retryAfter = sender.awaitError("RATE_LIMITED").getLong("retry_after_ms");
        for (int i = 0; i < BURST; i++) {
            member.nextMessage();
        }

        // Waiting as told, during which the limit refuses nothing more.
        sender.assertNothingMatching(f -> "error".equals(f.getString("type")), Duration.ofMillis(retryAfter + 50));
        sender.send(sayIn(room, "later"));

        assertEquals("later", member.nextMessage().getString("info"));
    }

    @Test
    void theNamesLimitCountsOverAllItsConnections() {
        String alice = unique("alice"), room = unique("room");
        ChatClient tab1 = group(alice, room);
        ChatClient tab2 = group(alice, room);

        for (int i = 0; i < BURST; i++) {
            tab1.send(sayIn(room, "a" + i));
        }
        for (int i = 0; i < USER_BURST - BURST + 1; i++) {
            tab2.send(sayIn(room, "b" + i));
        }

        tab2.awaitError("RATE_LIMITED");
    }

    @Test
    void aClientThatKeepsGoingIsClosedAndTheOthersChatOn() {
        String room = unique("room");
        ChatClient flooder = group(unique("flooder"), room);
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);

        for (int i = 0; i < BURST + FLOOD_CLOSE_AFTER + 5; i++) {
            flooder.send(sayIn(room, "flood " + i));
        }

        assertEquals(1008, flooder.awaitClose());
        alice.send(sayIn(room, "still here"));
        assertEquals("still here", bob.await(f -> "message".equals(f.getString("type"))
                && "still here".equals(f.getString("info")), "alice's message").getString("info"));
    }

    @Test
    void textPastItsAddresssBudgetIsRefusedToItsSenderAndReachesNobody() {
        String room = unique("room");
        // Two names from one address: the budget is the address's, whoever sends. An address of their own, so that
        // the other tests' texts, from the usual one, neither spend this budget nor meet what this test spent of it.
        ChatClient first = connectFrom("/groupchat/" + unique("first") + "/" + room, "127.0.3.1");
        ChatClient second = connectFrom("/groupchat/" + unique("second") + "/" + room, "127.0.3.1");
        first.awaitType("presence");
        second.awaitType("presence");
        ChatClient member = group(unique("member"), room);
        Scrape before = Scrape.now();

        first.send(sayIn(room, LONG).put("cid", "c1"));
        second.send(sayIn(room, LONG).put("cid", "c2"));
        second.send(sayIn(room, LONG).put("cid", "c3"));

        JsonObject error = second.awaitError("RATE_LIMITED");
        assertEquals("c3", error.getString("cid"), error.encode());
        assertTrue(error.getLong("retry_after_ms") > 0, "says when to retry: " + error.encode());
        assertTrue(error.getString("info").contains("address"), error.encode());
        member.nextMessage();
        member.nextMessage();
        member.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
        assertTrue(Scrape.now().value("chat_refusals_total{reason=\"address_text_rate\"}")
                > before.value("chat_refusals_total{reason=\"address_text_rate\"}"), "counted");
    }
}
