package io.chatservice.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * A private message to an offline user whose name is claimed is kept in their mailbox and handed to their next
 * private connection, in order and once; an unclaimed name still gets {@code USER_OFFLINE}; strangers fill a share of
 * the mailbox only, so that there is room for the people its owner writes to ({@code names} mode, the memory broker).
 */
@QuarkusTest
@TestProfile(SmallMailboxProfile.class)
class MailboxTest extends ChatTestBase {

    /** Opens a private connection for {@code user}, claims the name, and leaves; {@code watcher} sees them go. */
    private void claimAndLeave(String user, ChatClient watcher) {
        ChatClient tab = direct(user);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        leave(tab, user, watcher);
    }

    /** As {@link #claimAndLeave}, after {@code user} wrote to {@code friend} (who is online, and sees the message). */
    private void claimWriteAndLeave(String user, String friend, ChatClient watcher) {
        ChatClient tab = direct(user);
        tab.send(new JsonObject().put("type", "claim"));
        tab.awaitType("claimed");
        tab.send(tellWithCid(friend, "write to me any time", "w1"));
        assertEquals("sent", ack(tab, "w1").getString("status"));
        leave(tab, user, watcher);
    }

    private static void leave(ChatClient tab, String user, ChatClient watcher) {
        watch(watcher, user);
        tab.close();
        watcher.await(ChatClient.left(user), "leave of " + user);
    }

    private static JsonObject tellWithCid(String toUser, String info, String cid) {
        return tell(toUser, info).put("cid", cid);
    }

    private static JsonObject ack(ChatClient client, String cid) {
        return client.await(f -> cid.equals(f.getString("cid")), "answer to " + cid);
    }

    @Test
    void aMessageToAnOfflineClaimedUserIsAcknowledgedAsQueued() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        claimAndLeave(bob, a);

        a.send(tellWithCid(bob, "for later", "c1"));

        JsonObject ack = ack(a, "c1");
        assertEquals("ack", ack.getString("type"), ack.encode());
        assertEquals("queued", ack.getString("status"));
        assertEquals(bob, ack.getString("to_user"));
    }

    @Test
    void theSendersOwnTabsGetAQueuedMessageLive() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient tab1 = direct(alice);
        ChatClient tab2 = direct(alice);
        claimAndLeave(bob, tab1);

        tab1.send(tell(bob, "for later"));

        for (ChatClient tab : List.of(tab1, tab2)) {
            JsonObject message = tab.nextMessage();
            assertEquals("for later", message.getString("info"));
            assertEquals(bob, message.getString("to_user"));
        }
    }

    @Test
    void theNextConnectionGetsTheKeptMessagesInOrderThenTheMailboxFrame() {
        String alice = unique("alice"), carol = unique("carol"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient c = direct(carol);
        claimAndLeave(bob, a);
        a.send(tellWithCid(bob, "one", "a1"));
        ack(a, "a1");
        c.send(tellWithCid(bob, "two", "c1"));
        ack(c, "c1");
        a.send(tellWithCid(bob, "three", "a2"));
        ack(a, "a2");

        ChatClient b = direct(bob);

        List<String> senders = List.of(alice, carol, alice);
        List<String> texts = List.of("one", "two", "three");
        for (int i = 0; i < texts.size(); i++) {
            JsonObject message = b.nextMessage();
            assertEquals(texts.get(i), message.getString("info"));
            assertEquals(senders.get(i), message.getString("from_user"));
            assertEquals(bob, message.getString("to_user"));
            assertEquals(Boolean.TRUE, message.getBoolean("history"), message.encode());
            assertTrue(message.getLong("offset") > 0, message.encode());
        }
        JsonObject closing = b.awaitType("history");
        assertEquals(Boolean.TRUE, closing.getBoolean("mailbox"), closing.encode());
        assertEquals(3, closing.getInteger("count"));
    }

    @Test
    void aMailboxIsHandedOverOnce() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        claimAndLeave(bob, a);
        a.send(tellWithCid(bob, "kept", "a1"));
        ack(a, "a1");
        ChatClient first = direct(bob);
        first.awaitType("history");
        leave(first, bob, a);
        a.send(tellWithCid(bob, "kept too", "a2"));
        ack(a, "a2");

        ChatClient second = direct(bob);

        // Had the first message been kept still, it would come before the second.
        assertEquals("kept too", second.nextMessage().getString("info"));
        assertEquals(1, second.awaitType("history").getInteger("count"));
    }

    @Test
    void aConnectionWithAnEmptyMailboxGetsNoMailboxFrame() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        claimAndLeave(bob, a);

        ChatClient b = direct(bob);
        a.send(tell(bob, "live"));

        // Nothing from a mailbox comes before the live message.
        JsonObject next = b.await(f -> "message".equals(f.getString("type")) || "history".equals(f.getString("type")),
                "a message or a history frame");
        assertEquals("live", next.getString("info"), next.encode());
        assertEquals(null, next.getBoolean("history"));
    }

    @Test
    void aMessageToAnUnclaimedNameGetsUserOffline() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        leave(direct(bob), bob, a);

        a.send(tellWithCid(bob, "are you there?", "a1"));

        JsonObject error = ack(a, "a1");
        assertEquals("USER_OFFLINE", error.getString("code"), error.encode());
        assertEquals(bob, error.getString("to_user"));
    }

    @Test
    void aMessageToANameNeverSeenGetsUserOffline() {
        String alice = unique("alice"), nobody = unique("nobody");
        ChatClient a = direct(alice);

        a.send(tell(nobody, "hello?"));

        assertEquals(nobody, a.awaitError("USER_OFFLINE").getString("to_user"));
    }

    @Test
    void aReleasedNameKeepsNothing() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        b.send(new JsonObject().put("type", "claim"));
        b.awaitType("claimed");
        b.send(new JsonObject().put("type", "release"));
        b.awaitType("released");
        leave(b, bob, a);

        a.send(tell(bob, "hello?"));

        a.awaitError("USER_OFFLINE");
    }

    @Test
    void aFullMailboxRefusesTheMessageWithMailboxFullAndKeepsNothing() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        claimWriteAndLeave(bob, alice, a);
        for (int i = 1; i <= SmallMailboxProfile.MAX_MESSAGES; i++) {
            a.send(tellWithCid(bob, "kept " + i, "a" + i));
            assertEquals("queued", ack(a, "a" + i).getString("status"));
        }

        a.send(tellWithCid(bob, "one too many", "over"));

        JsonObject error = ack(a, "over");
        assertEquals("MAILBOX_FULL", error.getString("code"), error.encode());
        assertEquals(bob, error.getString("to_user"));
        ChatClient b = direct(bob);
        assertEquals(SmallMailboxProfile.MAX_MESSAGES, b.awaitType("history").getInteger("count"));
    }

    @Test
    void aResendIntoAMailboxFullSinceGetsTheFirstOnesAck() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        claimWriteAndLeave(bob, alice, a);
        a.send(tellWithCid(bob, "kept 1", "a1"));
        JsonObject first = ack(a, "a1");
        for (int i = 2; i <= SmallMailboxProfile.MAX_MESSAGES; i++) {
            a.send(tellWithCid(bob, "kept " + i, "a" + i));
            ack(a, "a" + i);
        }

        a.send(tellWithCid(bob, "kept 1", "a1"));

        JsonObject again = ack(a, "a1");
        assertEquals("ack", again.getString("type"), again.encode());
        assertEquals("queued", again.getString("status"));
        assertEquals(first.getString("message_id"), again.getString("message_id"));
        assertEquals(first.getLong("offset"), again.getLong("offset"));
        ChatClient b = direct(bob);
        assertEquals(SmallMailboxProfile.MAX_MESSAGES, b.awaitType("history").getInteger("count"));
    }

    @Test
    void fiveStrangersFillOnlyTheirShareAndAFriendsMessageIsStillKeptForTheOwner() {
        String friend = unique("friend"), bob = unique("bob");
        ChatClient f = direct(friend);
        claimWriteAndLeave(bob, friend, f);
        int queued = 0;
        for (int s = 1; s <= 5; s++) {
            ChatClient stranger = direct(unique("stranger"));
            for (int i = 1; i <= SmallMailboxProfile.FROM_STRANGER; i++) {
                stranger.send(tellWithCid(bob, "spam", "s" + i));
                JsonObject answer = ack(stranger, "s" + i);
                if ("queued".equals(answer.getString("status"))) {
                    queued++;
                } else {
                    assertEquals("MAILBOX_FULL", answer.getString("code"), answer.encode());
                }
            }
        }
        assertEquals(SmallMailboxProfile.STRANGER_PLACES, queued);

        f.send(tellWithCid(bob, "dinner at eight?", "f1"));

        assertEquals("queued", ack(f, "f1").getString("status"));
        ChatClient b = direct(bob);
        ChatClient.HistoryRun mail = b.historyRun();
        assertEquals(SmallMailboxProfile.STRANGER_PLACES + 1, mail.messages().size());
        assertEquals("dinner at eight?", mail.texts().get(mail.texts().size() - 1));
        assertEquals(friend, mail.messages().get(mail.messages().size() - 1).getString("from_user"));
    }

    @Test
    void aStrangerPastTheirOwnLimitGetsMailboxFullWhileOthersStillGetIn() {
        String ann = unique("ann"), cat = unique("cat"), bob = unique("bob");
        ChatClient a = direct(ann);
        ChatClient c = direct(cat);
        claimAndLeave(bob, a);
        for (int i = 1; i <= SmallMailboxProfile.FROM_STRANGER; i++) {
            a.send(tellWithCid(bob, "hello " + i, "a" + i));
            assertEquals("queued", ack(a, "a" + i).getString("status"));
        }

        a.send(tellWithCid(bob, "one more", "over"));

        JsonObject refused = ack(a, "over");
        assertEquals("MAILBOX_FULL", refused.getString("code"), refused.encode());
        assertEquals(bob + "'s mailbox takes no more messages from you now", refused.getString("info"));
        c.send(tellWithCid(bob, "hi", "c1"));
        assertEquals("queued", ack(c, "c1").getString("status"));
    }

    @Test
    void aHandedOverMailboxGivesStrangersTheirShareBack() {
        String ann = unique("ann"), bob = unique("bob");
        ChatClient a = direct(ann);
        claimAndLeave(bob, a);
        for (int i = 1; i <= SmallMailboxProfile.FROM_STRANGER; i++) {
            a.send(tellWithCid(bob, "hello " + i, "a" + i));
            ack(a, "a" + i);
        }
        ChatClient b = direct(bob);
        b.awaitType("history");
        leave(b, bob, a);

        a.send(tellWithCid(bob, "me again", "again"));

        assertEquals("queued", ack(a, "again").getString("status"));
    }

    @Test
    void afterAReleaseTheNextHolderReadsNeitherTheConversationNorWhatWasKeptForTheLast() {
        String carol = unique("carol"), dave = unique("dave");
        ChatClient d = direct(dave);
        ChatClient c = direct(carol);
        ChatClient watcher = group(unique("watcher"));
        d.send(tell(carol, "said before"));
        c.nextMessage();
        ChatClient lobby = connect("/groupchat/" + carol, "key=" + c.key()); // carol stays, on the group channel
        lobby.awaitType("presence");
        watcher.await(ChatClient.joined(carol), "carol in the lobby"); // else her leave could cancel her join out
        lobby.send(new JsonObject().put("type", "claim"));
        lobby.awaitType("claimed");
        leave(c, carol, d);
        d.send(tellWithCid(carol, "for carol alone", "c1"));
        assertEquals("queued", ack(d, "c1").getString("status"));
        lobby.send(new JsonObject().put("type", "release")); // the page's "Log out"
        lobby.awaitType("released");
        lobby.close(); // the room hears the name's last connection go
        watcher.await(f -> "leave".equals(f.getString("type")) && carol.equals(f.getString("from_user")),
                "leave of " + carol);

        ChatClient next = connectAsStranger("/privateChat/" + carol);
        next.awaitType("presence");
        next.send(new JsonObject().put("type", "history").put("with_user", dave));

        ChatClient.HistoryRun run = next.historyRun();
        assertEquals(List.of(), run.texts(), "no mailbox run, and nothing of the conversation");
        assertEquals(null, run.end().getBoolean("mailbox"), run.end().encode());
        assertEquals(0, run.end().getLong("offset"));
    }
}
