package io.chatservice.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.chatservice.support.WebhookReceiver;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Webhooks with the memory broker, against a receiver that checks every signature: presence's firsts and lasts and a
 * message kept for an offline user reach the backend once each, in order per user under retries, and a backend that
 * does not keep up costs a bounded number of events, counted.
 */
@Tag("slow")
@QuarkusTest
@WithTestResource(value = WebhookReceiverResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class WebhooksTest extends ChatTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DELIVERED = "chat_webhooks_sent_total{result=\"delivered\"}";

    private static WebhookReceiver receiver() {
        return WebhookReceiverResource.receiver();
    }

    @AfterEach
    void everySignatureWasValid() {
        assertEquals(List.of(), receiver().refused());
    }

    private static void awaitTypes(String about, String... types) {
        Awaitility.await(about + " hears " + List.of(types)).atMost(WAIT)
                .until(() -> receiver().typesAbout(about).size() >= types.length);
        assertEquals(List.of(types), receiver().typesAbout(about));
    }

    @Test
    void aUsersFirstPrivateConnectionIsOnlineAndTheirLastOffline() {
        String alice = letters('a');
        ChatClient tab1 = direct(alice);
        ChatClient tab2 = direct(alice);
        awaitTypes(alice, "user.online");

        tab1.close();
        tab2.close();

        awaitTypes(alice, "user.online", "user.offline");
        JsonObject online = receiver().about(alice).get(0);
        assertEquals(alice, online.getJsonObject("data").getString("user"));
        assertTrue(online.getString("id").startsWith("evt_"), online.encode());
        assertTrue(Math.abs(System.currentTimeMillis() - online.getLong("ts")) < 60_000, online.encode());
        assertNotEquals(online.getString("id"), receiver().about(alice).get(1).getString("id"));
    }

    @Test
    void aRoomsFirstMemberOccupiesItAndItsLastVacatesIt() {
        String room = letters('r');
        ChatClient alice = group(letters('a'), room);
        awaitTypes(room, "room.occupied");
        ChatClient bob = group(letters('b'), room);

        alice.close();
        bob.close();

        awaitTypes(room, "room.occupied", "room.vacated");
        assertEquals(room, receiver().about(room).get(0).getJsonObject("data").getString("room"));
    }

    @Test
    void aMessageKeptForAnOfflineUserIsQueuedOnceWithoutItsText() {
        String alice = letters('a'), bob = letters('b');
        ChatClient a = direct(alice);
        ChatClient tab = direct(bob);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        tab.close();
        awaitTypes(bob, "user.online", "user.offline");

        a.send(tell(bob, "a secret for later").put("cid", "q1"));
        JsonObject ack = a.await(f -> "q1".equals(f.getString("cid")), "ack of q1");
        assertEquals("queued", ack.getString("status"));
        a.send(tell(bob, "a secret for later").put("cid", "q1")); // a resend: the same message, not a second one
        a.await(f -> "q1".equals(f.getString("cid")), "second ack of q1");
        direct(bob); // its online comes after anything the resend could have caused: events about bob go in order

        awaitTypes(bob, "user.online", "user.offline", "message.queued", "user.online");
        JsonObject data = receiver().about(bob).get(2).getJsonObject("data");
        assertEquals(alice, data.getString("from_user"));
        assertEquals(bob, data.getString("to_user"));
        assertEquals(ack.getString("message_id"), data.getString("message_id"));
        assertEquals(ack.getLong("offset"), data.getLong("offset"));
        assertEquals(ack.getString("epoch"), data.getString("epoch"));
        assertFalse(receiver().about(bob).get(2).encode().contains("a secret"), "the text stays in the service");
    }

    @Test
    void eventsAboutOneUserKeepTheirOrderWhileTheyAreRetried() {
        String flaky = WebhookReceiver.FLAKY + letters('f');
        double retriesBefore = Scrape.now().value("chat_webhooks_retries_total");
        double deliveredBefore = Scrape.now().value(DELIVERED);
        ChatClient watcher = direct(letters('w'));
        watch(watcher, flaky);
        for (int i = 0; i < 3; i++) {
            ChatClient tab = direct(flaky);
            watcher.await(ChatClient.joined(flaky), "join of " + flaky);
            tab.close();
            watcher.await(ChatClient.left(flaky), "leave of " + flaky);
        }

        awaitTypes(flaky, "user.online", "user.offline", "user.online", "user.offline", "user.online",
                "user.offline");
        for (JsonObject event : receiver().about(flaky)) {
            // Each online was answered 503 first, then sent again with the same id until accepted; the offline after
            // it, which the backend would have taken at once, waited for it.
            int attempts = "user.online".equals(event.getString("type")) ? WebhookReceiver.FLAKY_FAILURES + 1 : 1;
            assertEquals(attempts, receiver().attempts(event.getString("id")), event.encode());
        }
        assertTrue(Scrape.now().value("chat_webhooks_retries_total") - retriesBefore >= 3 * WebhookReceiver.FLAKY_FAILURES);
        assertTrue(Scrape.now().value(DELIVERED) - deliveredBefore >= 6);
    }

    @Test
    void aBackendThatDoesNotAnswerCostsABoundedNumberOfEventsAndTheyAreCounted() {
        double droppedBefore = Scrape.now().value("chat_webhooks_dropped_total{reason=\"full\"}");
        int users = 2 * WebhookReceiverResource.MAX_PENDING;
        List<ChatClient> tabs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            String name = WebhookReceiver.SILENT + letters('s');
            names.add(name);
            tabs.add(connect("/privateChat/" + name));
        }
        tabs.forEach(tab -> tab.awaitType("presence"));

        Awaitility.await("the events over the bound are dropped").atMost(WAIT).until(
                () -> Scrape.now().value("chat_webhooks_dropped_total{reason=\"full\"}") > droppedBefore);
        assertTrue(Scrape.now().value("chat_webhooks_pending") <= WebhookReceiverResource.MAX_PENDING);
        // What was taken in goes out once the backend answers again, and the pending count comes back to zero.
        Awaitility.await("the pending events are sent").atMost(Duration.ofSeconds(60))
                .until(() -> Scrape.now().value("chat_webhooks_pending") == 0);
        long told = names.stream().filter(name -> !receiver().typesAbout(name).isEmpty()).count();
        double dropped = Scrape.now().value("chat_webhooks_dropped_total{reason=\"full\"}") - droppedBefore;
        assertEquals(users, told + (long) dropped, "each online event was delivered or counted as dropped");
        // The users' offline events are sent or dropped before the next test, which needs room for its own.
        tabs.forEach(ChatClient::close);
        Awaitility.await("the offline events are settled").atMost(Duration.ofSeconds(60))
                .until(() -> Scrape.now().value("chat_webhooks_pending") == 0);
    }
}
