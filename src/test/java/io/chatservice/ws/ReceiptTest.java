package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * An addressee's client confirms a private message ({@code received}, {@code read}), and every private connection
 * of its sender gets the receipt ({@code delivered}, {@code read}) from the addressee; nobody else does.
 */
@QuarkusTest
class ReceiptTest extends ChatTestBase {

    private static JsonObject receipt(String type, String toUser, JsonObject message) {
        return new JsonObject().put("type", type).put("to_user", toUser).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset"));
    }

    private static JsonObject awaitReceipt(ChatClient client, String type) {
        return client.awaitType(type);
    }

    @Test
    void receivedReachesEveryTabOfTheSenderAsDelivered() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient tab1 = direct(alice);
        ChatClient tab2 = direct(alice);
        ChatClient b = direct(bob);
        tab1.send(tell(bob, "hi"));
        JsonObject message = b.nextMessage();

        b.send(receipt("received", alice, message));

        for (ChatClient tab : List.of(tab1, tab2)) {
            JsonObject delivered = awaitReceipt(tab, "delivered");
            assertEquals(message.getString("id"), delivered.getString("message_id"));
            assertEquals(message.getLong("offset"), delivered.getLong("offset"));
            assertEquals(bob, delivered.getString("from_user"));
            assertEquals(alice, delivered.getString("to_user"));
            assertEquals("delivered", delivered.getString("info"));
        }
    }

    @Test
    void readReachesTheSenderAsRead() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject message = b.nextMessage();

        b.send(receipt("read", alice, message));

        JsonObject read = awaitReceipt(a, "read");
        assertEquals(message.getString("id"), read.getString("message_id"));
        assertEquals(bob, read.getString("from_user"));
        assertEquals("read", read.getString("info"));
    }

    @Test
    void aReceiptWithoutAnOffsetIsRefused() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject message = b.nextMessage();

        b.send(new JsonObject().put("type", "received").put("to_user", alice).put("message_id", message.getString("id")));

        assertTrue(b.awaitError("INVALID_FIELD").getString("info").contains("offset"));
    }

    @Test
    void aReceiptForAMessageBetweenOthersIsRefusedAndItsSenderHearsNothing() {
        String alice = unique("alice"), bob = unique("bob"), eve = unique("eve");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        ChatClient e = direct(eve);
        a.send(tell(bob, "for bob"));
        JsonObject message = b.nextMessage();

        e.send(receipt("read", alice, message));

        JsonObject refused = e.awaitError("UNKNOWN_MESSAGE");
        assertEquals(alice, refused.getString("to_user"));
        assertTrue(refused.getString("info").contains(message.getString("id")), refused.encode());
        b.send(receipt("received", alice, message));
        JsonObject first = a.await(f -> "read".equals(f.getString("type")) || "delivered".equals(f.getString("type")),
                "a receipt");
        assertEquals("delivered", first.getString("type"), "eve's read never reached alice: " + first.encode());
        assertEquals(bob, first.getString("from_user"));
    }

    @Test
    void aReceiptWithAnIdThatIsNotTheMessageAtItsOffsetIsRefused() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject message = b.nextMessage();

        b.send(receipt("received", alice, message.copy().put("id", "not-its-id")));

        assertEquals(alice, b.awaitError("UNKNOWN_MESSAGE").getString("to_user"));
        assertFalse(b.isClosed());
    }

    @Test
    void aReceiptForOnesOwnMessageIsRefused() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject mine = a.nextMessage();
        b.nextMessage();

        a.send(receipt("read", bob, mine)); // alice "confirms" to bob a message she sent him

        a.awaitError("UNKNOWN_MESSAGE");
    }

    @Test
    void aReceiptForTheMessageOfAnEarlierHolderOfTheNameDoesNotReachTheNext() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "from the first alice"));
        JsonObject message = b.nextMessage();
        watch(b, alice);
        a.close();
        b.await(f -> "leave".equals(f.getString("type")) && alice.equals(f.getString("from_user")), "leave");
        ChatClient next = connectAsStranger("/privateChat/" + alice);
        next.awaitType("presence");

        b.send(receipt("read", alice, message));

        b.awaitError("UNKNOWN_MESSAGE");
    }

    @Test
    void aReceiptIsNotKeptInTheConversationsHistory() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject message = b.nextMessage();
        b.send(receipt("read", alice, message));
        awaitReceipt(a, "read");

        b.send(new JsonObject().put("type", "history").put("with_user", alice));

        JsonObject kept = b.await(f -> "message".equals(f.getString("type")), "history message");
        assertEquals("hi", kept.getString("info"));
        assertEquals(1, b.awaitType("history").getInteger("count"));
    }

    @Test
    void aReceiptGoesToTheSenderAloneNotToTheAddresseesOtherTabs() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient bobTab1 = direct(bob);
        ChatClient bobTab2 = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject message = bobTab1.nextMessage();
        bobTab2.nextMessage();

        bobTab1.send(receipt("received", alice, message));
        awaitReceipt(a, "delivered");
        a.send(tell(bob, "marker"));

        // Had bob's other tab been sent the receipt, it would come before the marker.
        JsonObject next = bobTab2.await(f -> "delivered".equals(f.getString("type"))
                || "message".equals(f.getString("type")), "the receipt or the marker");
        assertEquals("marker", next.getString("info"), next.encode());
    }

    @Test
    void aReceiptForAnOfflineSenderIsDroppedAndItsCidIsAnsweredDone() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        a.send(tell(bob, "hi"));
        JsonObject message = b.nextMessage();
        watch(b, alice);
        a.close();
        b.await(f -> "leave".equals(f.getString("type")) && alice.equals(f.getString("from_user")), "leave");

        b.send(receipt("read", alice, message).put("cid", "r1"));

        JsonObject ack = b.await(f -> "r1".equals(f.getString("cid")), "answer to r1");
        assertEquals("ack", ack.getString("type"), ack.encode());
        assertEquals("done", ack.getString("status"));
    }

    @Test
    void aReceiptWithoutAMessageIdIsRefusedWithAReason() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient b = direct(bob);

        b.send(new JsonObject().put("type", "received").put("to_user", alice));

        JsonObject error = b.awaitError("INVALID_FIELD");
        assertTrue(error.getString("info").contains("message_id"), error.encode());
        assertFalse(b.isClosed());
    }

    @Test
    void aReceiptWithAMessageIdOver64CharactersIsRefused() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient b = direct(bob);

        b.send(new JsonObject().put("type", "received").put("to_user", alice).put("message_id", "m".repeat(65)));

        assertTrue(b.awaitError("INVALID_FIELD").getString("info").contains("message_id"));
    }

    @Test
    void aReceiptWithoutToUserIsRefusedWithMissingRecipient() {
        String bob = unique("bob");
        ChatClient b = direct(bob);

        b.send(new JsonObject().put("type", "read").put("message_id", "m-1"));

        assertTrue(b.awaitError("MISSING_RECIPIENT").getString("info").contains("to_user"));
    }

    @Test
    void aReceiptToAnInvalidNameIsRefusedWithInvalidUsername() {
        String bob = unique("bob");
        ChatClient b = direct(bob);

        b.send(new JsonObject().put("type", "read").put("to_user", "no spaces").put("message_id", "m-1"));

        assertEquals("no spaces", b.awaitError("INVALID_USERNAME").getString("to_user"));
    }

    @Test
    void aReceiptWithANegativeOffsetIsRefused() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient b = direct(bob);

        b.send(new JsonObject().put("type", "read").put("to_user", alice).put("message_id", "m-1").put("offset", -1));

        assertTrue(b.awaitError("INVALID_FIELD").getString("info").contains("offset"));
    }
}
