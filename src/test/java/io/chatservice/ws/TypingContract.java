package io.chatservice.ws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Predicate;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.vertx.core.json.JsonObject;

/**
 * Typing notices: a {@code typing} frame reaches the others' connections that asked for them ({@code ?typing=true}),
 * never the typist's own, at most one per connection and target per {@code chat.typing.interval}, never
 * acknowledged, and never to a user who blocks the typist. On the memory broker ({@link TypingTest}) and on Redis
 * ({@link RedisTypingTest}). Where a notice must not arrive, the typist's next message is the marker: the typist's
 * frames are handled in order, and a notice goes out at once while a message takes its way through the history.
 */
abstract class TypingContract extends ChatTestBase {

    private static final Predicate<JsonObject> TYPING = f -> "typing".equals(f.getString("type"));

    private static Duration interval() {
        return ConfigProvider.getConfig().getValue("chat.typing.interval", Duration.class);
    }

    /** A group connection in the room that asked for typing notices. */
    private ChatClient hearing(String user, String room) {
        ChatClient client = connect("/groupchat/" + user + "/" + room, "typing=true");
        client.awaitType("presence");
        return client;
    }

    /** A private connection that asked for typing notices. */
    private ChatClient hearingDirect(String user) {
        ChatClient client = connect("/privateChat/" + user, "typing=true");
        client.awaitType("presence");
        return client;
    }

    private static JsonObject typingIn(String room) {
        return new JsonObject().put("type", "typing").put("room", room);
    }

    private static JsonObject typingTo(String user) {
        return new JsonObject().put("type", "typing").put("to_user", user);
    }

    /** Asserts that the message {@code text} comes before any typing notice. */
    private static void noTypingBefore(ChatClient client, String text) {
        JsonObject first = client.await(TYPING.or(f -> "message".equals(f.getString("type"))
                && text.equals(f.getString("info"))), "a typing notice or the message " + text);
        assertEquals("message", first.getString("type"), "no typing notice: " + first.encode());
    }

    @Test
    void roomMembersWhoAskedSeeWhoIsTyping() {
        String room = unique("room"), alice = unique("alice");
        ChatClient bob = hearing(unique("bob"), room);
        ChatClient typist = group(alice, room);

        typist.send(typingIn(room));

        JsonObject notice = bob.await(TYPING, "alice typing");
        assertEquals(room, notice.getString("room"));
        assertEquals(alice, notice.getString("from_user"));
        assertNull(notice.getString("to_user"));
        assertNull(notice.getLong("offset"), "a typing notice is not kept");
    }

    @Test
    void aRoomNamedInAnotherSpellingIsTheRoom() {
        String room = unique("room");
        ChatClient bob = hearing(unique("bob"), room);
        ChatClient typist = group(unique("alice"), room);

        typist.send(typingIn(room.toUpperCase()));

        assertEquals(room, bob.await(TYPING, "typing").getString("room"));
    }

    @Test
    void aConnectionThatDidNotAskGetsNoTypingNotice() {
        String room = unique("room");
        ChatClient bob = hearing(unique("bob"), room);
        ChatClient carol = group(unique("carol"), room);
        ChatClient typist = group(unique("alice"), room);

        typist.send(typingIn(room)).send(sayIn(room, "after typing"));

        bob.await(TYPING, "the notice, to a connection that asked");
        noTypingBefore(carol, "after typing");
    }

    @Test
    void theTypistsOwnConnectionsGetNone() {
        String room = unique("room"), alice = unique("alice");
        ChatClient typist = hearing(alice, room);
        ChatClient otherTab = connect("/groupchat/" + alice + "/" + room, "key=" + typist.key() + "&typing=true");
        otherTab.awaitType("presence");
        ChatClient bob = hearing(unique("bob"), room);

        typist.send(typingIn(room)).send(sayIn(room, "mine"));

        bob.await(TYPING, "alice typing");
        noTypingBefore(typist, "mine");
        noTypingBefore(otherTab, "mine");
    }

    @Test
    void typingInARoomTheConnectionIsNotInIsRefusedAndTheConnectionGoesOn() {
        String room = unique("room"), elsewhere = unique("elsewhere");
        ChatClient typist = group(unique("alice"), room);

        typist.send(typingIn(elsewhere));

        JsonObject error = typist.awaitError("NOT_IN_ROOM");
        assertEquals(elsewhere, error.getString("room"));
        typist.send(sayIn(room, "still here"));
        assertEquals("still here", typist.nextMessage().getString("info"));
    }

    @Test
    void typingWithoutARoomIsRefused() {
        ChatClient typist = group(unique("alice"), unique("room"));

        typist.send(new JsonObject().put("type", "typing"));

        typist.awaitError("INVALID_ROOM");
    }

    @Test
    void aSecondNoticeWithinTheIntervalIsDropped() {
        String room = unique("room");
        ChatClient bob = hearing(unique("bob"), room);
        ChatClient typist = group(unique("alice"), room);

        typist.send(typingIn(room)).send(typingIn(room)).send(sayIn(room, "sent"));

        bob.await(TYPING, "the first notice");
        noTypingBefore(bob, "sent");
    }

    @Test
    void aNoticeAfterTheIntervalGoesOut() {
        String room = unique("room");
        ChatClient bob = hearing(unique("bob"), room);
        ChatClient typist = group(unique("alice"), room);
        long start = System.nanoTime();
        typist.send(typingIn(room));
        bob.await(TYPING, "the first notice");

        // The typist keeps typing, as a person does: the next notice gets through once the interval has passed.
        await().atMost(interval().plusSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            typist.send(typingIn(room));
            bob.await(TYPING, "a later notice", Duration.ofMillis(150));
        });

        Duration between = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(between.compareTo(interval()) >= 0, "the second notice came " + between + " after the first");
    }

    @Test
    void eachRoomHasItsOwnInterval() {
        String room = unique("room"), other = unique("other");
        ChatClient bob = hearing(unique("bob"), other);
        ChatClient typist = group(unique("alice"), room);
        typist.send(new JsonObject().put("type", "join").put("room", other));
        typist.await(f -> "presence".equals(f.getString("type")) && other.equals(f.getString("room")), "in " + other);

        typist.send(typingIn(room)).send(typingIn(other));

        assertEquals(other, bob.await(TYPING, "typing in the other room").getString("room"));
    }

    @Test
    void aCidOnTypingIsIgnored() {
        String room = unique("room");
        ChatClient typist = group(unique("alice"), room);

        typist.send(typingIn(room).put("cid", "t1")).send(sayIn(room, "with a cid").put("cid", "m1"));

        JsonObject ack = typist.awaitType("ack");
        assertEquals("m1", ack.getString("cid"), "the typing notice is not acknowledged");
    }

    @Test
    void typingCountsAgainstTheConnectionsFrameRate() {
        String room = unique("room");
        ChatClient typist = group(unique("alice"), room);
        int burst = ConfigProvider.getConfig().getValue("chat.limits.message-burst", Integer.class);

        for (int i = 0; i <= burst + 5; i++) {
            typist.send(typingIn(room));
        }

        typist.awaitError("RATE_LIMITED");
    }

    @Test
    void theAddresseesPrivateConnectionsThatAskedSeeWhoIsTypingToThem() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient listener = hearingDirect(bob);
        ChatClient typist = direct(alice);

        typist.send(typingTo(bob));

        JsonObject notice = listener.await(TYPING, "alice typing");
        assertEquals(alice, notice.getString("from_user"));
        assertEquals(bob, notice.getString("to_user"));
        assertNull(notice.getString("room"));
    }

    @Test
    void privateConnectionsThatDidNotAskGetNone() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient listener = direct(bob);
        ChatClient typist = direct(alice);

        typist.send(typingTo(bob)).send(tell(bob, "after typing"));

        noTypingBefore(listener, "after typing");
    }

    @Test
    void aUserWhoBlocksTheTypistGetsNoTypingNotice() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient listener = hearingDirect(bob);
        listener.send(new JsonObject().put("type", "block").put("user", alice));
        listener.awaitType("blocked");
        ChatClient typist = direct(alice);

        typist.send(typingTo(bob)).send(tell(bob, "blocked").put("cid", "m1"));

        // Alice's frames are handled in order: once her message is refused, her notice was dropped or sent.
        typist.awaitError("BLOCKED");
        listener.assertNothingMatching(TYPING, Duration.ofMillis(500));
    }

    @Test
    void aPrivateTypingNoticeWithoutAnAddresseeIsRefused() {
        ChatClient typist = direct(unique("alice"));

        typist.send(new JsonObject().put("type", "typing"));

        typist.awaitError("MISSING_RECIPIENT");
    }

    @Test
    void aBadTypingParameterIsSaidAndTheConnectionGoesOnWithoutNotices() {
        String room = unique("room");
        ChatClient bob = connect("/groupchat/" + unique("bob") + "/" + room, "typing=yes");
        JsonObject error = bob.awaitError("INVALID_FIELD");
        assertTrue(error.getString("info").contains("typing"), error.encode());
        bob.awaitType("presence");
        ChatClient typist = group(unique("alice"), room);

        typist.send(typingIn(room)).send(sayIn(room, "after typing"));

        noTypingBefore(bob, "after typing");
    }
}
