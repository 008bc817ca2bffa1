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

/** A private conversation's history, served only on the connection of one of its users. */
@QuarkusTest
class PrivateHistoryTest extends ChatTestBase {

    private static void exchange(ChatClient a, ChatClient b, String to, int count) {
        for (int i = 1; i <= count; i++) {
            a.send(tell(to, "m" + i));
            b.nextMessage();
            a.nextMessage();
        }
    }

    @Test
    void theNewestMessagesOfAConversation() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 3);

        b.send(new JsonObject().put("type", "history").put("with_user", alice).put("limit", 2));
        ChatClient.HistoryRun run = b.historyRun();
        assertEquals(List.of(2L, 3L), run.offsets());
        assertEquals(alice, run.end().getString("with_user"));
        assertEquals(3, run.end().getLong("offset"));
        assertFalse(run.end().containsKey("recovered"));
    }

    @Test
    void pagesGoBackFromBefore() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 4);

        a.send(new JsonObject().put("type", "history").put("with_user", bob).put("before", 3).put("limit", 5));
        ChatClient.HistoryRun run = a.historyRun();
        assertEquals(List.of(1L, 2L), run.offsets());
    }

    @Test
    void aConversationOfOthersHasNothingForMe() {
        String alice = unique("alice"), bob = unique("bob"), eve = unique("eve");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 2);

        // eve can only ask for her own conversation with bob, which is empty
        ChatClient e = direct(eve);
        e.send(new JsonObject().put("type", "history").put("with_user", bob));
        ChatClient.HistoryRun run = e.historyRun();
        assertEquals(List.of(), run.offsets());
        assertEquals(0, run.end().getLong("offset"));
    }

    @Test
    void aHistoryFrameWithoutWithUserIsRefused() {
        ChatClient a = direct(unique("alice"));
        a.send(new JsonObject().put("type", "history"));
        a.awaitError("MISSING_RECIPIENT");
    }

    @Test
    void aLimitOverTheMaximumPageIsRefused() {
        ChatClient a = direct(unique("alice"));
        a.send(new JsonObject().put("type", "history").put("with_user", unique("bob")).put("limit", 101));
        assertTrue(a.awaitError("INVALID_FIELD").getString("info").contains("limit"));
    }

    @Test
    void aNegativeOffsetIsRefused() {
        ChatClient a = direct(unique("alice"));
        a.send(new JsonObject().put("type", "history").put("with_user", unique("bob")).put("epoch", "e")
                .put("offset", -1));
        a.awaitError("INVALID_FIELD");
    }

    /** Closes a connection and waits until {@code watcher} sees its user go offline: the name is free then. */
    private static void leave(ChatClient tab, String user, ChatClient watcher) {
        watch(watcher, user);
        tab.close();
        watcher.await(f -> "leave".equals(f.getString("type")) && user.equals(f.getString("from_user")),
                "leave of " + user);
    }

    /** A newcomer under a free name: a key of its own, and so an identity of its own. */
    private ChatClient newcomer(String user) {
        ChatClient client = connectAsStranger("/privateChat/" + user);
        client.awaitType("presence");
        return client;
    }

    private static ChatClient.HistoryRun history(ChatClient client, String with) {
        client.send(new JsonObject().put("type", "history").put("with_user", with));
        return client.historyRun();
    }

    @Test
    void aNewcomerUnderAFreedNameReadsNothingOfItsPredecessorsConversation() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 2);
        leave(a, alice, b);

        ChatClient next = newcomer(alice);

        ChatClient.HistoryRun run = history(next, bob);
        assertEquals(List.of(), run.texts());
        assertEquals(0, run.end().getLong("offset"));
    }

    @Test
    void theSameKeyAfterItsLastConnectionClosedStillReadsItsConversation() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 2);
        leave(a, alice, b);

        ChatClient again = direct(alice); // presents the key the first connection was given

        assertEquals(List.of("m1", "m2"), history(again, bob).texts());
    }

    @Test
    void theOtherSideStillReadsTheConversationOnceItsPeersNameIsFree() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 2);
        leave(a, alice, b);

        assertEquals(List.of("m1", "m2"), history(b, alice).texts());
    }

    @Test
    void theOtherSideKeepsTheEarlierAndTheLaterHolderOfANameApart() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient a = direct(alice);
        ChatClient b = direct(bob);
        exchange(a, b, bob, 2);
        leave(a, alice, b);
        ChatClient next = newcomer(alice);

        next.send(tell(bob, "new here"));
        b.nextMessage();
        next.nextMessage();

        ChatClient.HistoryRun run = history(b, alice);
        assertEquals(List.of("new here"), run.texts());
        assertEquals(List.of(1L), run.offsets(), "a conversation of its own, not the earlier one's next offset");
        assertEquals(List.of("new here"), history(next, bob).texts());
    }
}
