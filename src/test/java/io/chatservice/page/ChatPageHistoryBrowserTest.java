package io.chatservice.page;

import static io.chatservice.support.ChatPage.isOnline;
import static io.chatservice.support.ChatPage.join;
import static io.chatservice.support.ChatPage.messageTexts;
import static io.chatservice.support.ChatPage.openConversationWith;
import static io.chatservice.support.ChatPage.send;
import static io.chatservice.support.ChatPage.storedKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.Browser;
import io.chatservice.support.ChatClient;
import io.chatservice.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The chat page and the service's history: a room shows what was said before it was opened, pages back as the reader
 * scrolls up, and a page that lost its connection shows exactly what it missed, once and in order. The other people
 * are test clients, so that what was said is known to the message. Screenshots go to target/screenshots/.
 */
@Tag("browser")
@QuarkusTest
class ChatPageHistoryBrowserTest extends PageTestBase {

    /** A browser whose connections go through the proxy, which can take the network away. */
    private Browser browserThrough(TcpProxy proxy) {
        return person().go("http://127.0.0.1:" + proxy.port() + "/chat");
    }

    private TcpProxy proxy() {
        TcpProxy proxy = TcpProxy.start(vertx, chat.getHost(), chat.getPort());
        opened.add(proxy);
        return proxy;
    }

    private ChatClient client(String pathAndQuery) {
        ChatClient client = ChatClient.connect(vertx,
                URI.create("ws://" + chat.getHost() + ":" + chat.getPort() + pathAndQuery));
        opened.add(client);
        assertNotNull(client.welcome(), "admitted: " + pathAndQuery);
        client.awaitType("presence");
        return client;
    }

    /** Someone in the room, on a connection of their own. */
    private ChatClient member(String room) {
        return client("/groupchat/" + unique("bob") + "/" + room);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static List<String> numbered(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + " " + i).toList();
    }

    /** Says each text in the connection's room, one after the other, each kept before the next goes. */
    private static void say(ChatClient client, List<String> texts) {
        for (String text : texts) {
            client.send(new JsonObject().put("info", text));
            client.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")), "echo of " + text);
        }
    }

    /** Says the texts privately to {@code to}, each kept before the next goes. */
    private static void sayPrivately(ChatClient client, String to, List<String> texts) {
        for (String text : texts) {
            client.send(new JsonObject().put("to_user", to).put("info", text));
            client.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")), "echo of " + text);
        }
    }

    @Test
    void aRoomShowsWhatWasSaidInItBeforeWhenItIsOpened() {
        String room = unique("room");
        say(member(room), List.of("first", "second", "third"));
        Browser a = browser().logIn(unique("alice"));

        join(a, room);

        a.await(d -> messageTexts(a).equals(List.of("first", "second", "third")));
        assertEquals(3, a.findAll("#messages .message.earlier").size(), "set apart as earlier messages");
        a.screenshot("history-on-opening-a-room");
    }

    @Test
    void scrollingUpLoadsOlderMessagesAboveAndKeepsTheReadersPlace() {
        String room = unique("room");
        List<String> said = numbered("m", 1, 70);
        // Three people, so that no one's send rate is in the way.
        for (int from = 0; from < said.size(); from += 24) {
            say(member(room), said.subList(from, Math.min(from + 24, said.size())));
        }
        Browser a = browser().logIn(unique("alice"));
        join(a, room);
        a.await(d -> messageTexts(a).equals(said.subList(20, 70))); // the newest 50 on opening

        a.script("document.getElementById('messages').scrollTop = 0;");

        a.await(d -> messageTexts(a).equals(said));
        assertEquals(Boolean.TRUE, a.script("""
                const list = document.getElementById('messages');
                const line = [...list.querySelectorAll('.message')].find((li) => li.querySelector('.text').textContent === 'm 21');
                const at = line.getBoundingClientRect(), view = list.getBoundingClientRect();
                return at.bottom > view.top && at.top < view.bottom;"""), "what was at the top is still in view");
        a.screenshot("history-paged-back");
    }

    @Test
    void aPrivateConversationLoadsWhatWasSaidInItBefore() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceElsewhere = client("/privateChat/" + alice);
        ChatClient bobDirect = client("/privateChat/" + bob);
        List<String> said = numbered("p", 1, 46);
        sayPrivately(bobDirect, alice, said.subList(0, 24));
        sayPrivately(aliceElsewhere, bob, said.subList(24, 45));
        // The page logs in as the same person: it has the name's key, as a tab of this browser would.
        Browser a = browser();
        a.script("localStorage.setItem('chat.key.' + arguments[0], arguments[1]);", alice, aliceElsewhere.key());
        a.logIn(alice);
        sayPrivately(bobDirect, alice, said.subList(45, 46));

        openConversationWith(a, bob);

        a.await(d -> messageTexts(a).equals(said));
        a.screenshot("private-history");
    }

    @Test
    void aPageThatLostItsConnectionShowsWhatItMissedOnceAndInOrder() {
        TcpProxy proxy = proxy();
        String alice = unique("alice"), room = unique("room");
        Browser a = browserThrough(proxy).logIn(alice);
        join(a, room);
        ChatClient bob = member(room);
        String bobName = bob.welcome().getString("user");
        ChatClient bobDirect = client("/privateChat/" + bobName + "?key=" + bob.key());
        // The person's phone stays online, so that private messages go on while the page is away.
        ChatClient alicePhone = client("/privateChat/" + alice + "?key=" + storedKey(a, alice));
        say(bob, List.of("before the cut"));
        sayPrivately(bobDirect, alice, List.of("private before"));
        a.await(d -> messageTexts(a).equals(List.of("before the cut")));

        proxy.cut();
        a.await(d -> a.find("#banner").isDisplayed());
        // More than the 50 a newcomer gets: only a recovery shows them all.
        List<String> missed = numbered("missed", 1, 60);
        for (int from = 0; from < missed.size(); from += 20) {
            say(from == 0 ? bob : member(room), missed.subList(from, from + 20));
        }
        List<String> missedPrivately = numbered("private missed", 1, 3);
        sayPrivately(bobDirect, alice, missedPrivately);
        alicePhone.await(f -> "private missed 3".equals(f.getString("info")), "the phone has them");
        proxy.restore();

        a.await(d -> isOnline(a));
        List<String> lines = new ArrayList<>(List.of("before the cut"));
        lines.addAll(missed);
        a.await(d -> messageTexts(a).equals(lines));
        a.screenshot("recovered-room");
        say(bob, List.of("after the reconnect"));
        lines.add("after the reconnect");
        a.await(d -> messageTexts(a).equals(lines));
        openConversationWith(a, bobName);
        List<String> conversation = new ArrayList<>(List.of("private before"));
        conversation.addAll(missedPrivately);
        a.await(d -> messageTexts(a).equals(conversation));
    }

    @Test
    void aMessageWhoseAckWasLostIsSentAgainAfterTheReconnectAndShownAndDeliveredOnce() {
        TcpProxy proxy = proxy();
        String room = unique("room");
        Browser a = browserThrough(proxy).logIn(unique("alice"));
        join(a, room);
        ChatClient bob = member(room);

        proxy.muteReplies(); // what the page sends arrives; the echo and the ack are lost
        send(a, "only once");
        bob.await(f -> "only once".equals(f.getString("info")), "bob has it");
        a.await(d -> a.findAll("#messages .message.pending").size() == 1);
        assertEquals("sending…", a.find("#messages .message.pending .ticks").getAttribute("aria-label"));
        a.screenshot("message-pending");
        proxy.cut();
        a.await(d -> a.find("#banner").isDisplayed());
        proxy.restore();

        a.await(d -> isOnline(a) && a.findAll("#messages .message.pending").isEmpty());
        assertEquals(List.of("only once"), messageTexts(a));
        bob.assertNothingMatching(f -> "only once".equals(f.getString("info")), Duration.ofSeconds(1));
    }

    /** Edits or deletes a message the client said, by its frame. */
    private static void change(ChatClient client, String room, JsonObject message, String text) {
        JsonObject frame = new JsonObject().put("type", text == null ? "delete" : "edit").put("room", room)
                .put("message_id", message.getString("id")).put("offset", message.getLong("offset"));
        client.send(text == null ? frame : frame.put("info", text));
        client.awaitType(text == null ? "deleted" : "edited");
    }

    /** The message the client says, as it comes back. */
    private static JsonObject said(ChatClient client, String text) {
        client.send(new JsonObject().put("info", text));
        return client.await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("info")), text);
    }

    @Test
    void aPersonEditsAndDeletesTheirOwnMessageAndTheRoomSeesIt() {
        String room = unique("room");
        ChatClient bob = member(room);
        said(bob, "bob's line");
        Browser a = browser().logIn(unique("alice"));
        join(a, room);
        send(a, "helo");
        bob.await(f -> "helo".equals(f.getString("info")), "alice's message");
        a.await(d -> a.findAll("#messages .message.mine .actions .edit").size() == 1);
        assertEquals(0, a.findAll("#messages .message:not(.mine) .actions").size(), "nothing to change on bob's");

        a.find("#messages .message.mine .actions .edit").click();
        a.find("#messages .message.mine .edit-box").clear();
        a.find("#messages .message.mine .edit-box").sendKeys("hello");
        a.find("#messages .message.mine .save-edit").click();

        assertEquals("hello", bob.awaitType("edited").getString("info"));
        a.await(d -> messageTexts(a).equals(List.of("bob's line", "hello"))
                && a.findAll("#messages .message.mine .edited-mark").size() == 1);
        a.screenshot("message-edited");

        a.find("#messages .message.mine .actions .delete").click();

        bob.awaitType("deleted");
        a.await(d -> messageTexts(a).equals(List.of("bob's line", "message deleted"))
                && a.findAll("#messages .message.mine.deleted").size() == 1
                && a.findAll("#messages .message.mine .actions").isEmpty());
        a.screenshot("message-deleted");
    }

    @Test
    void aRoomShowsEditedMessagesAndTombstonesFromItsHistoryAndChangesMadeLive() {
        String room = unique("room");
        ChatClient bob = member(room);
        JsonObject first = said(bob, "first draft");
        JsonObject second = said(bob, "regrettable");
        JsonObject third = said(bob, "third");
        change(bob, room, first, "first, final");
        change(bob, room, second, null);
        Browser a = browser().logIn(unique("alice"));

        join(a, room);

        a.await(d -> messageTexts(a).equals(List.of("first, final", "message deleted", "third")));
        assertEquals(1, a.findAll("#messages .message .edited-mark").size());
        change(bob, room, third, "third, edited live");
        a.await(d -> messageTexts(a).equals(List.of("first, final", "message deleted", "third, edited live"))
                && a.findAll("#messages .message .edited-mark").size() == 2);
        a.screenshot("history-with-edits-and-deletes");
    }

    @Test
    void aPersonDeletesTheirMessageInAPrivateConversationAndBothSidesSeeTheTombstone() {
        String alice = unique("alice"), bob = unique("bob");
        ChatClient aliceElsewhere = client("/privateChat/" + alice);
        ChatClient bobDirect = client("/privateChat/" + bob);
        Browser a = browser();
        a.script("localStorage.setItem('chat.key.' + arguments[0], arguments[1]);", alice, aliceElsewhere.key());
        a.logIn(alice);
        openConversationWith(a, bob);
        send(a, "sent to the wrong person");
        bobDirect.await(f -> "sent to the wrong person".equals(f.getString("info")), "alice's message");
        a.await(d -> a.findAll("#messages .message.mine .actions .delete").size() == 1);

        a.find("#messages .message.mine .actions .delete").click();

        JsonObject deleted = bobDirect.awaitType("deleted");
        assertEquals(alice, deleted.getString("from_user"));
        a.await(d -> messageTexts(a).equals(List.of("message deleted"))
                && a.findAll("#messages .message.mine.deleted").size() == 1);
        a.screenshot("private-message-deleted");
    }
}
