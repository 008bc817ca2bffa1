package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** A client's own ids: every frame with a cid is answered, and a resent message is not delivered twice. */
@QuarkusTest
class AckTest extends ChatTestBase {

    private static JsonObject ackOf(ChatClient client, String cid) {
        return client.await(f -> "ack".equals(f.getString("type")) && cid.equals(f.getString("cid")), "ack " + cid);
    }

    @Test
    void aMessageWithACidIsAckedWithItsIdAndOffset() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        alice.send(sayIn(room, "hi").put("cid", "c-1"));
        JsonObject message = alice.nextMessage();
        JsonObject ack = ackOf(alice, "c-1");

        assertEquals("sent", ack.getString("status"));
        assertEquals(message.getString("id"), ack.getString("message_id"));
        assertEquals(message.getLong("offset"), ack.getLong("offset"));
        assertEquals(message.getString("epoch"), ack.getString("epoch"));
        assertEquals(room, ack.getString("room"));
    }

    @Test
    void aMessageResentWithTheSameCidIsDeliveredOnceAndAckedAgain() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        alice.send(sayIn(room, "once").put("cid", "c-7"));
        JsonObject first = ackOf(alice, "c-7");
        alice.send(sayIn(room, "once").put("cid", "c-7"));
        JsonObject again = ackOf(alice, "c-7");

        assertEquals(first.getString("message_id"), again.getString("message_id"));
        assertEquals(first.getLong("offset"), again.getLong("offset"));
        assertEquals("once", bob.nextMessage().getString("info"));
        bob.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
    }

    @Test
    void aResendFromAnotherConnectionOfTheSameUserIsDeliveredOnce() {
        String room = unique("dev"), alice = unique("alice");
        ChatClient first = group(alice, room);
        ChatClient bob = group(unique("bob"), room);
        first.send(sayIn(room, "retry").put("cid", "c-9"));
        ackOf(first, "c-9");
        first.close();
        ChatClient second = group(alice, room);
        second.send(sayIn(room, "retry").put("cid", "c-9"));
        ackOf(second, "c-9");

        assertEquals("retry", bob.nextMessage().getString("info"));
        bob.assertNothingMatching(f -> "message".equals(f.getString("type")), Duration.ofMillis(300));
    }

    @Test
    void theSameCidFromAnotherUserIsAnotherMessage() {
        String room = unique("dev");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        alice.send(sayIn(room, "from alice").put("cid", "c-1"));
        ackOf(alice, "c-1");
        bob.send(sayIn(room, "from bob").put("cid", "c-1"));
        assertEquals("sent", ackOf(bob, "c-1").getString("status"));
        alice.await(f -> "from bob".equals(f.getString("info")), "bob's message");
    }

    @Test
    void aRefusedFrameCarriesItsCidOnTheError() {
        ChatClient alice = group(unique("alice"));
        alice.send(new JsonObject().put("room", unique("elsewhere")).put("info", "x").put("cid", "c-2"));
        JsonObject error = alice.awaitError("NOT_IN_ROOM");
        assertEquals("c-2", error.getString("cid"));
    }

    @Test
    void aJoinWithACidIsAckedDoneAfterItsPresence() {
        ChatClient alice = group(unique("alice"));
        String room = unique("dev");
        alice.send(new JsonObject().put("type", "join").put("room", room).put("cid", "j-1"));
        alice.await(f -> "presence".equals(f.getString("type")) && room.equals(f.getString("room")), "presence");
        assertEquals("done", ackOf(alice, "j-1").getString("status"));
    }

    @Test
    void aPrivateMessageWithACidIsAcked() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        direct(bob);
        a.send(tell(bob, "hi").put("cid", "p-1"));
        JsonObject ack = ackOf(a, "p-1");
        assertEquals("sent", ack.getString("status"));
        assertEquals(bob, ack.getString("to_user"));
        assertEquals(1, ack.getLong("offset"));
    }

    @Test
    void aCidOverSixtyFourCharactersIsRefused() {
        ChatClient alice = group(unique("alice"));
        alice.send(say("x").put("cid", "c".repeat(65)));
        alice.awaitError("INVALID_FIELD");
    }
}
