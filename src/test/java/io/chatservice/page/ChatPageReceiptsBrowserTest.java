package io.chatservice.page;

import static io.chatservice.support.ChatPage.showsUserAs;
import static io.chatservice.support.ChatPage.messageTexts;
import static io.chatservice.support.ChatPage.openConversationWith;
import static io.chatservice.support.ChatPage.send;
import static io.chatservice.support.ChatPage.ticksOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.Browser;
import io.chatservice.support.ChatClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * What the page shows of its own private messages: kept for someone who is away, and sent, delivered and read, with
 * ticks; and the receipts the page sends for what it is given. Screenshots go to target/screenshots/.
 */
@Tag("browser")
@QuarkusTest
class ChatPageReceiptsBrowserTest extends PageTestBase {

    private ChatClient direct(String user) {
        ChatClient client = ChatClient.connect(vertx,
                URI.create("ws://" + chat.getHost() + ":" + chat.getPort() + "/privateChat/" + user));
        opened.add(client);
        assertNotNull(client.welcome(), "admitted");
        client.awaitType("presence");
        return client;
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static JsonObject receipt(String type, String to, JsonObject message) {
        return new JsonObject().put("type", type).put("to_user", to).put("message_id", message.getString("id"))
                .put("offset", message.getLong("offset"));
    }

    @Test
    void aMessageToSomeoneAwayShowsAsQueuedAndReachesThemWhenTheyComeBack() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        openConversationWith(a, bob);
        // Bob closes the chat's tab. The name stays his (the page claimed it), and its key stays in his browser.
        String chatTab = b.tab();
        String otherTab = b.openTab("about:blank");
        b.inTab(chatTab).closeTab();
        b.inTab(otherTab);
        a.await(d -> showsUserAs(a, bob, "offline"));

        send(a, "see you later");

        a.await(d -> a.findAll("#messages .message.queued .note").stream()
                .anyMatch(note -> note.getText().equals("queued / will be delivered when " + bob + " connects")));
        a.screenshot("private-queued");
        b.go(chat.toString()).logIn(bob); // back later, in a new tab
        openConversationWith(b, alice);
        b.await(d -> messageTexts(b).equals(List.of("see you later")));
    }

    @Test
    void ownPrivateMessagesShowOneTickWhenSentTwoWhenDeliveredAndColouredWhenRead() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        ChatClient bobClient = direct(bob); // a client that sends no receipts of its own
        openConversationWith(a, bob);

        send(a, "tick tock");

        a.await(d -> "sent".equals(ticksOf(a, "tick tock")));
        assertEquals("✓", a.find("#messages .message.mine .ticks").getText());
        a.screenshot("private-tick-sent");
        JsonObject message = bobClient.await(f -> "tick tock".equals(f.getString("info")), "bob has it");
        bobClient.send(receipt("received", alice, message));
        a.await(d -> "delivered".equals(ticksOf(a, "tick tock")));
        assertEquals("✓✓", a.find("#messages .message.mine .ticks").getText());
        bobClient.send(receipt("read", alice, message));
        a.await(d -> "read".equals(ticksOf(a, "tick tock")));
        assertTrue(a.find("#messages .message.mine .ticks").getAttribute("class").contains("read"), "coloured");
        assertEquals("read", a.find("#messages .message.mine .ticks").getAttribute("title"));
        a.screenshot("private-ticks-read");
    }

    @Test
    void theAddresseesPageSaysItHasAMessageAndLaterThatItWasRead() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        openConversationWith(a, bob);

        send(a, "did you get this?");

        a.await(d -> "delivered".equals(ticksOf(a, "did you get this?")));
        b.await(d -> b.findAll("#users li .badge").stream().anyMatch(badge -> badge.getText().equals("1")));
        assertEquals("delivered", ticksOf(a, "did you get this?"), "not read while bob has another conversation open");
        a.screenshot("private-tick-delivered");
        openConversationWith(b, alice);
        a.await(d -> "read".equals(ticksOf(a, "did you get this?")));
    }
}
