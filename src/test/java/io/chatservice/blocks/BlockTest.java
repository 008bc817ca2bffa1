package io.chatservice.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.chatservice.mailbox.SmallMailboxProfile;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * A user blocks a name on a private connection: that name's private messages to the user are refused with
 * {@code BLOCKED}, live and while the user is offline, and neither delivered nor kept, until the user unblocks it;
 * its receipts are dropped; rooms are not affected ({@code names} mode, the memory broker).
 */
@QuarkusTest
@TestProfile(SmallMailboxProfile.class)
class BlockTest extends ChatTestBase {

    private static JsonObject block(String user) {
        return new JsonObject().put("type", "block").put("user", user);
    }

    private static JsonObject unblock(String user) {
        return new JsonObject().put("type", "unblock").put("user", user);
    }

    private static JsonObject answer(ChatClient client, String cid) {
        return client.await(f -> cid.equals(f.getString("cid")), "answer to " + cid);
    }

    /** {@code tab} blocks {@code user} and has the answer. */
    private static void blocks(ChatClient tab, String user) {
        tab.send(block(user));
        assertEquals(user, tab.awaitType("blocked").getString("user"));
    }

    private static void leave(ChatClient tab, String user, ChatClient watcher) {
        watch(watcher, user);
        tab.close();
        watcher.await(f -> "leave".equals(f.getString("type")) && user.equals(f.getString("from_user")),
                "leave of " + user);
    }

    @Test
    void aBlockIsAnsweredWithBlockedAndItsCidAcknowledged() {
        String bob = unique("bob"), mal = unique("mal");
        ChatClient b = direct(bob);

        b.send(block(mal).put("cid", "b1"));

        JsonObject blocked = b.awaitType("blocked");
        assertEquals(mal, blocked.getString("user"));
        assertEquals("*", blocked.getString("from_user"));
        assertEquals("done", answer(b, "b1").getString("status"));
    }

    @Test
    void aBlockedSendersMessageIsRefusedWithBlockedAndNotDelivered() {
        String bob = unique("bob"), mal = unique("mal"), ann = unique("ann");
        ChatClient b = direct(bob);
        ChatClient m = direct(mal);
        ChatClient a = direct(ann);
        blocks(b, mal);

        m.send(tell(bob, "let me in").put("cid", "m1"));

        JsonObject refused = answer(m, "m1");
        assertEquals("BLOCKED", refused.getString("code"), refused.encode());
        assertEquals(bob, refused.getString("to_user"));
        a.send(tell(bob, "after"));
        assertEquals("after", b.nextMessage().getString("info"), "the blocked message came first");
        m.send(new JsonObject().put("type", "history").put("with_user", bob));
        assertEquals(0, m.historyRun().messages().size(), "the blocked message was kept");
    }

    @Test
    void aBlockedSendersMessageToTheBlockerOfflineIsNotKept() {
        String bob = unique("bob"), mal = unique("mal"), ann = unique("ann");
        ChatClient m = direct(mal);
        ChatClient b = direct(bob);
        b.send(new JsonObject().put("type", "claim"));
        b.awaitType("claimed");
        blocks(b, mal);
        leave(b, bob, m);

        m.send(tell(bob, "while you are away").put("cid", "m1"));

        assertEquals("BLOCKED", answer(m, "m1").getString("code"));
        ChatClient again = direct(bob);
        direct(ann).send(tell(bob, "live"));
        JsonObject next = again.await(
                f -> "message".equals(f.getString("type")) || "history".equals(f.getString("type")),
                "a message or a history frame");
        assertEquals("live", next.getString("info"), "something was kept: " + next.encode());
    }

    @Test
    void anUnblockedSendersMessagesGetThroughAgain() {
        String bob = unique("bob"), mal = unique("mal");
        ChatClient b = direct(bob);
        ChatClient m = direct(mal);
        blocks(b, mal);

        b.send(unblock(mal).put("cid", "u1"));

        assertEquals(mal, b.awaitType("unblocked").getString("user"));
        assertEquals("done", answer(b, "u1").getString("status"));
        m.send(tell(bob, "friends again?").put("cid", "m1"));
        assertEquals("sent", answer(m, "m1").getString("status"));
        assertEquals("friends again?", b.nextMessage().getString("info"));
    }

    @Test
    void aBlockedUsersReceiptsDoNotReachTheBlocker() {
        String bob = unique("bob"), mal = unique("mal"), ann = unique("ann");
        ChatClient b = direct(bob);
        ChatClient m = direct(mal);
        ChatClient a = direct(ann);
        b.send(new JsonObject().put("to_user", mal).put("info", "before the block"));
        JsonObject toMal = m.nextMessage();
        b.send(new JsonObject().put("to_user", ann).put("info", "hi ann"));
        JsonObject toAnn = a.nextMessage();
        blocks(b, mal);

        m.send(receipt(bob, toMal, "r1"));

        assertEquals("done", answer(m, "r1").getString("status"));
        a.send(receipt(bob, toAnn, "r2"));
        answer(a, "r2");
        JsonObject read = b.awaitType("read");
        assertEquals(ann, read.getString("from_user"), "a receipt of the blocked user came first: " + read.encode());
    }

    private static JsonObject receipt(String sender, JsonObject message, String cid) {
        return new JsonObject().put("type", "read").put("to_user", sender).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset")).put("cid", cid);
    }

    @Test
    void aBlockedUserStillTalksToTheBlockerInRooms() {
        String bob = unique("bob"), mal = unique("mal"), room = unique("room");
        ChatClient bobInRoom = group(bob, room);
        blocks(direct(bob), mal);
        ChatClient m = group(mal, room);

        m.send(say("hello all"));

        assertEquals("hello all", bobInRoom.nextMessage().getString("info"));
    }

    @Test
    void aNewcomerUnderAFreedNameDoesNotInheritItsBlocks() {
        String bob = unique("bob"), mal = unique("mal");
        ChatClient m = direct(mal);
        ChatClient first = direct(bob);
        blocks(first, mal);
        leave(first, bob, m);
        ChatClient newcomer = connectAsStranger("/privateChat/" + bob); // a key of its own
        newcomer.awaitType("presence");

        m.send(tell(bob, "hi, new bob").put("cid", "m1"));

        assertEquals("sent", answer(m, "m1").getString("status"));
        assertEquals("hi, new bob", newcomer.nextMessage().getString("info"));
    }

    @Test
    void blockingPastTheMostBlocksGetsTooManyBlocks() {
        String bob = unique("bob");
        ChatClient b = direct(bob);
        for (int i = 1; i <= SmallMailboxProfile.MAX_BLOCKS; i++) {
            blocks(b, unique("mal" + i));
        }

        b.send(block(unique("one-more")).put("cid", "over"));

        JsonObject refused = answer(b, "over");
        assertEquals("TOO_MANY_BLOCKS", refused.getString("code"), refused.encode());
    }

    @Test
    void aBlockWithoutAUserIsRefusedWithInvalidField() {
        ChatClient b = direct(unique("bob"));

        b.send(new JsonObject().put("type", "block"));

        b.awaitError("INVALID_FIELD");
    }

    @Test
    void blockingAnInvalidNameIsRefusedWithInvalidUsername() {
        ChatClient b = direct(unique("bob"));

        b.send(block("<script>"));

        b.awaitError("INVALID_USERNAME");
    }

    @Test
    void blockingYourselfIsRefused() {
        String bob = unique("bob");
        ChatClient b = direct(bob);

        b.send(block(bob));

        assertEquals("you cannot block yourself", b.awaitError("INVALID_FIELD").getString("info"));
    }
}
