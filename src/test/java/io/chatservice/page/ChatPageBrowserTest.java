package io.chatservice.page;

import static io.chatservice.support.ChatPage.awaitFound;
import static io.chatservice.support.ChatPage.isOnline;
import static io.chatservice.support.ChatPage.listsUser;
import static io.chatservice.support.ChatPage.openConversationWith;
import static io.chatservice.support.ChatPage.searchResults;
import static io.chatservice.support.ChatPage.showsUserAs;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.chatservice.moderation.Moderation;
import io.chatservice.support.Browser;
import io.chatservice.support.ChatClient;
import io.chatservice.support.Scrape;
import io.chatservice.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The chat page in a real browser: two people, each in a browser context of their own (storage of its own) of the
 * class's Chromium, against the running service. Screenshots of the main states are saved under target/screenshots/.
 */
@Tag("browser")
@QuarkusTest
class ChatPageBrowserTest extends PageTestBase {

    /** What the server API's moderation endpoints do, without a key, which this profile has none of. */
    @Inject
    Moderation moderation;

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void send(Browser browser, String text) {
        WebElement box = browser.find("#content");
        box.sendKeys(text);
        box.sendKeys(Keys.ENTER);
    }

    /** Read in one script: the page may re-render the list between a look-up and a read of each element. */
    private static List<String> messageTexts(Browser browser) {
        return io.chatservice.support.ChatPage.messageTexts(browser);
    }

    private static boolean showsMessage(Browser browser, String text) {
        return messageTexts(browser).contains(text);
    }

    private static String storedKey(Browser browser, String user) {
        return (String) browser.script("return localStorage.getItem('chat.key.' + arguments[0]);", user);
    }

    private static boolean showsLogin(Browser browser) {
        return browser.find("#login").isDisplayed() && !browser.find("#app").isDisplayed();
    }

    private static DoubleSupplier refusals(String reason) {
        return () -> Scrape.now().value("chat_refusals_total{reason=\"" + reason + "\"}");
    }

    /**
     * Long enough for a page that reconnects to have done so twice: the back-off draws its first pause from up to
     * half a second (ChatBackoff.BASE_MS), its second from up to a second.
     */
    private static final Duration NO_RETRY = Duration.ofMillis(1500);

    /** The counter stays where it is while a page would retry: nothing more was refused, so nothing more was tried. */
    private static void assertStaysAt(double expected, DoubleSupplier counter) {
        await().during(NO_RETRY).atMost(NO_RETRY.plus(Browser.WAIT)).until(() -> counter.getAsDouble() == expected);
    }

    private ChatClient connectWithKey(String path, String key) {
        ChatClient client = ChatClient.connect(vertx,
                URI.create("ws://" + chat.getHost() + ":" + chat.getPort() + path + "?key=" + key));
        opened.add(client);
        assertNotNull(client.welcome(), "admitted with the key");
        return client;
    }

    @Test
    void twoPeopleSeeEachOtherAndChatInTheGroupRoom() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        awaitFound(a, bob);
        awaitFound(b, alice);

        send(a, "hello bob");

        b.await(d -> showsMessage(b, "hello bob"));
        WebElement received = b.findAll("#messages .message").stream()
                .filter(m -> m.getText().contains("hello bob")).findFirst().orElseThrow();
        assertEquals(alice, received.findElement(org.openqa.selenium.By.cssSelector(".from")).getText());
        a.await(d -> !a.findAll("#messages .message.mine").isEmpty());
        assertEquals("# lobby", a.find("#title").getText());
        a.screenshot("group-chat-sender");
        b.screenshot("group-chat-receiver");
    }

    @Test
    void aPrivateMessageReachesOnlyItsAddresseeWithAnUnreadCount() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        Browser c = browser().logIn(carol);

        openConversationWith(a, bob);
        send(a, "just for you");

        b.await(d -> b.findAll("#users li .badge").stream().anyMatch(badge -> badge.getText().equals("1")));
        b.screenshot("private-unread");
        openConversationWith(b, alice);
        b.await(d -> showsMessage(b, "just for you"));
        assertEquals("@ " + alice, b.find("#title").getText());
        b.screenshot("private-conversation");
        assertTrue(c.findAll("#users li .badge").isEmpty(), "carol got nothing");
    }

    private static String typingLine(Browser browser) {
        return browser.find("#typing").getText();
    }

    @Test
    void whileSomeoneTypesTheOthersSeeItUntilTheirMessageComes() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        awaitFound(a, bob);
        awaitFound(b, alice);

        a.find("#content").sendKeys("on my way");

        b.await(d -> typingLine(b).equals(alice + " is typing…"));
        b.screenshot("typing-in-a-room");
        a.find("#content").sendKeys(Keys.ENTER);
        b.await(d -> showsMessage(b, "on my way") && typingLine(b).isEmpty());
        assertEquals("", typingLine(a), "nobody is shown as typing to themselves");
    }

    @Test
    void twoTypingAreNamedTogetherAndAPauseClearsThemAndAPrivateConversationShowsItsOwn() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        Browser a = browser().logIn(alice);
        a.await(d -> isOnline(a));
        ChatClient bobClient = client("/groupchat/" + bob);
        ChatClient carolClient = client("/groupchat/" + carol);
        ChatClient carolPrivate = client("/privateChat/" + carol + "?key=" + carolClient.key());

        bobClient.send(new io.vertx.core.json.JsonObject().put("type", "typing").put("room", "lobby"));
        carolClient.send(new io.vertx.core.json.JsonObject().put("type", "typing").put("room", "lobby"));

        a.await(d -> typingLine(a).equals(bob + " and " + carol + " are typing…"));
        a.screenshot("typing-two");
        a.await(d -> typingLine(a).isEmpty()); // a few seconds without a notice

        openConversationWith(a, carol);
        carolPrivate.send(new io.vertx.core.json.JsonObject().put("type", "typing").put("to_user", alice));
        a.await(d -> typingLine(a).equals(carol + " is typing…"));
        a.screenshot("typing-private");
        carolPrivate.send(new io.vertx.core.json.JsonObject().put("to_user", alice).put("info", "hi"));
        a.await(d -> showsMessage(a, "hi") && typingLine(a).isEmpty());
    }

    /** A client of its own, admitted, on the path. */
    private ChatClient client(String path) {
        ChatClient client = ChatClient.connect(vertx, URI.create("ws://" + chat.getHost() + ":" + chat.getPort() + path));
        opened.add(client);
        assertNotNull(client.welcome(), "admitted");
        client.awaitType("presence");
        return client;
    }

    @Test
    void thePeopleListIsThePersonsConversationsWithADotThatSaysWhoIsOnline() {
        String alice = unique("alice"), bob = unique("bob"), carol = unique("carol");
        Browser a = browser().logIn(alice);
        client("/groupchat/" + carol); // online, but no conversation of alice's
        ChatClient bobClient = client("/privateChat/" + bob);
        String bobKey = bobClient.key();

        bobClient.send(new io.vertx.core.json.JsonObject().put("to_user", alice).put("info", "hi alice"));
        a.await(d -> showsUserAs(a, bob, "online"));
        assertFalse(listsUser(a, carol), "only the people alice talks with are listed");
        bobClient.close();
        a.await(d -> showsUserAs(a, bob, "offline"));
        a.screenshot("people-offline-dot");

        a.reload();
        a.await(d -> isOnline(a) && showsUserAs(a, bob, "offline"));
        client("/privateChat/" + bob + "?key=" + bobKey);
        a.await(d -> showsUserAs(a, bob, "online"));
        assertEquals(List.of(bob), a.findAll("#users li").stream().map(WebElement::getText).toList());
        a.screenshot("people-online-dot");
    }

    @Test
    void theSearchBoxFindsPeopleOnlineByTheBeginningOfTheirNamesAPageAtATimeAndOpensAConversation() {
        String alice = unique("alice");
        String prefix = io.chatservice.support.ChatTestBase.letters('p');
        List<String> found = new ArrayList<>();
        for (int i = 10; i < 31; i++) { // one more than a page
            found.add(prefix + "user" + i);
            client("/privateChat/" + prefix + "user" + i);
        }
        Browser a = browser().logIn(alice);
        a.await(d -> isOnline(a));

        a.find("#people-search").sendKeys(prefix.toUpperCase()); // names are compared folded
        a.await(d -> searchResults(a).size() == 20 && a.find("#search-more").isDisplayed());
        assertEquals(found.subList(0, 20), searchResults(a));
        a.screenshot("people-search");
        a.find("#search-more").click();
        a.await(d -> searchResults(a).equals(found));
        assertFalse(a.find("#search-more").isDisplayed(), "no more after the last page");

        String bob = found.get(20);
        a.findAll("#search-results li").stream().filter(li -> li.getText().equals(bob)).findFirst().orElseThrow()
                .click();

        a.await(d -> a.find("#title").getText().equals("@ " + bob));
        assertEquals("", a.find("#people-search").getAttribute("value"));
        a.await(d -> showsUserAs(a, bob, "online"));
        a.find("#people-search").sendKeys(prefix + "nobody");
        a.await(d -> a.find("#search-empty").getText().equals("Nobody online has a name beginning with " + prefix
                + "nobody"));
        a.screenshot("people-search-opened");
    }

    @Test
    void closingThePageTellsTheOthers() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        openConversationWith(a, bob);
        a.await(d -> showsUserAs(a, bob, "online"));
        a.find("#rooms li").click();

        b.close();

        a.await(d -> a.findAll("#messages .notice").stream().anyMatch(n -> n.getText().contains(bob + " left")));
        a.await(d -> showsUserAs(a, bob, "offline"));
        a.screenshot("leave-notice");
    }

    @Test
    void theBannerShowsWhileTheConnectionIsDownAndThePageWorksWhenItReturns() {
        TcpProxy proxy = TcpProxy.start(vertx, chat.getHost(), chat.getPort());
        opened.add(proxy);
        String alice = unique("alice"), bob = unique("bob");
        Browser a = person().go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(alice);
        Browser b = browser().logIn(bob);
        assertFalse(a.find("#banner").isDisplayed());

        proxy.cut();

        a.await(d -> a.find("#banner").isDisplayed());
        assertTrue(a.find("#status").getAttribute("class").contains("reconnecting"));
        a.screenshot("reconnecting");

        proxy.restore();

        a.await(d -> !a.find("#banner").isDisplayed() && a.find("#status").getAttribute("class").contains("online"));
        send(b, "welcome back");
        a.await(d -> showsMessage(a, "welcome back"));
        send(a, "glad to be back");
        b.await(d -> showsMessage(b, "glad to be back"));
    }

    @Test
    void markupTypedAsAMessageShowsAsText() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        awaitFound(a, bob);
        String markup = "<img src=x onerror=\"document.title='owned'\"><b>bold</b>";

        send(a, markup);

        b.await(d -> showsMessage(b, markup));
        assertTrue(b.findAll("#messages img, #messages b").isEmpty(), "no element made from the text");
        assertFalse(b.title().contains("owned"));
        b.screenshot("markup-as-text");
    }

    @Test
    void shiftEnterMakesANewLineAndEnterSends() {
        String alice = unique("alice");
        Browser a = browser().logIn(alice);
        WebElement box = a.find("#content");

        box.sendKeys("first line");
        box.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        box.sendKeys("second line");
        assertTrue(messageTexts(a).isEmpty() || !messageTexts(a).contains("first line\nsecond line"));
        box.sendKeys(Keys.ENTER);

        a.await(d -> showsMessage(a, "first line\nsecond line"));
        assertEquals("", box.getAttribute("value"));
    }

    @Test
    void aCounterAppearsNearTheTextLimitAndSendingStopsPastIt() {
        Browser a = browser().logIn(unique("alice"));
        WebElement box = a.find("#content");
        assertFalse(a.find("#counter").isDisplayed());

        a.script("const box = arguments[0]; box.value = 'x'.repeat(3500); box.dispatchEvent(new Event('input'));", box);
        a.await(d -> a.find("#counter").isDisplayed());
        assertEquals("3500 / 4096 bytes", a.find("#counter").getText());

        a.script("const box = arguments[0]; box.value = '中'.repeat(1400); box.dispatchEvent(new Event('input'));", box);
        a.await(d -> a.find("#counter").getAttribute("class").contains("over"));
        assertFalse(a.find("#send-btn").isEnabled());
        a.screenshot("counter-over-limit");
    }

    @Test
    void aPrivateMessageToSomeoneWhoLoggedOutShowsTheErrorInThatConversation() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        openConversationWith(a, bob);
        a.await(d -> showsUserAs(a, bob, "online"));
        // Logging out gives the name up, so nothing is kept for it (someone who only closed the page gets it later).
        logOut(b);
        a.await(d -> showsUserAs(a, bob, "offline"));

        send(a, "are you there?");

        a.await(d -> a.find("#send-error").getText().equals(bob + " is not online."));
        assertEquals("@ " + bob, a.find("#title").getText());
        a.screenshot("error-user-offline");
    }

    @Test
    void joiningARoomByNameOpensItAndItsMessagesArrive() {
        String alice = unique("alice"), bob = unique("bob"), room = unique("room");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);

        for (Browser browser : List.of(a, b)) {
            browser.find("#join-room").sendKeys(room);
            browser.find("#join-btn").click();
            browser.await(d -> browser.find("#title").getText().equals("# " + room));
        }
        send(a, "in " + room);

        b.await(d -> showsMessage(b, "in " + room));
        assertTrue(b.findAll("#rooms li").stream().anyMatch(li -> li.getText().startsWith("lobby")));
        b.screenshot("joined-room");
    }

    /** Members of a room, each on a connection of its own, all in before it returns. */
    private List<String> membersIn(String room, int n) {
        String tag = unique("m");
        List<String> names = new ArrayList<>();
        List<ChatClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = String.format("%s-%03d", tag, i);
            names.add(name);
            ChatClient client = ChatClient.connect(vertx,
                    URI.create("ws://" + chat.getHost() + ":" + chat.getPort() + "/groupchat/" + name + "/" + room));
            opened.add(client);
            clients.add(client);
        }
        clients.forEach(client -> client.await(f -> "presence".equals(f.getString("type")), "presence",
                Duration.ofSeconds(30)));
        return names;
    }

    private static List<String> listedMembers(Browser browser) {
        return browser.findAll("#member-list li").stream().map(WebElement::getText).toList();
    }

    @Test
    void aRoomShowsItsCountAndFirstMembersAndShowMorePagesOn() {
        String room = unique("crowd"), alice = unique("alice");
        int listMax = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("chat.presence.list-max", Integer.class);
        List<String> crowd = membersIn(room, listMax + 4);
        Browser a = browser().logIn(alice);

        io.chatservice.support.ChatPage.join(a, room);

        a.await(d -> a.find("#member-count").getText().equals((listMax + 5) + " in the room"));
        assertEquals(listMax, listedMembers(a).size());
        assertEquals(alice, listedMembers(a).get(0), "in name order");
        assertTrue(a.find("#more-members").isDisplayed());
        a.screenshot("room-members");

        a.find("#more-members").click();

        a.await(d -> listedMembers(a).size() == listMax + 5);
        assertEquals(crowd.get(crowd.size() - 1), listedMembers(a).get(listMax + 4));
        assertFalse(a.find("#more-members").isDisplayed(), "nothing more to page");
    }

    @Test
    void comingsAndGoingsWithinAnIntervalShowAsOneNoticeAndTheCountFollows() {
        String room = unique("room"), elsewhere = unique("elsewhere"), alice = unique("alice");
        Browser a = browser().logIn(alice);
        io.chatservice.support.ChatPage.join(a, room);
        a.await(d -> a.find("#member-count").getText().equals("1 in the room"));
        List<String> joiners = membersIn(elsewhere, 3);
        List<ChatClient> clients = opened.stream().filter(ChatClient.class::isInstance).map(ChatClient.class::cast)
                .toList();

        clients.forEach(client -> client.send(new io.vertx.core.json.JsonObject().put("type", "join").put("room", room)));

        // The first may go alone; the others come together, as one line naming them.
        a.await(d -> a.findAll("#messages .notice").stream().map(WebElement::getText)
                .anyMatch(text -> text.contains(" joined") && joiners.stream().filter(text::contains).count() >= 2));
        a.await(d -> a.find("#member-count").getText().equals("4 in the room"));
        a.await(d -> listedMembers(a).containsAll(joiners));
        a.screenshot("room-changes");
    }

    @Test
    void aRoomJoinedInCapitalsOpensAsTheRoomItIs() {
        String alice = unique("alice"), bob = unique("bob"), room = unique("room");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        a.find("#join-room").sendKeys(room);
        a.find("#join-btn").click();
        a.await(d -> a.find("#title").getText().equals("# " + room));

        b.find("#join-room").sendKeys(room.toUpperCase());
        b.find("#join-btn").click();
        b.await(d -> b.find("#title").getText().equals("# " + room));
        send(a, "one room");

        b.await(d -> showsMessage(b, "one room"));
    }

    @Test
    void anInvalidNameIsRefusedWithTheReason() {
        Browser a = browser();

        a.find("#username").sendKeys("<b>me</b>");
        a.find("#login-btn").click();

        a.await(d -> a.find("#login-error").isDisplayed());
        assertTrue(a.find("#login-error").getText().startsWith("A name may contain only"));
        assertFalse(a.find("#app").isDisplayed());
        a.screenshot("login-refused");
    }

    @Test
    void aNameThatIsOnlyDotsIsRefusedBeforeTheBrowserLosesThePath() {
        Browser a = browser();

        a.find("#username").sendKeys("..");
        a.find("#login-btn").click();

        a.await(d -> a.find("#login-error").isDisplayed());
        assertEquals("A name cannot be '.' or '..'.", a.find("#login-error").getText());
        assertFalse(a.find("#app").isDisplayed());
    }

    @Test
    void aReloadKeepsTheNameAndTheChat() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        Browser b = browser().logIn(bob);
        double taken = refusals("name_taken").getAsDouble();

        a.reload();

        a.await(d -> a.find("#status").getAttribute("class").contains("online"));
        assertEquals(alice, a.find("#me").getText());
        awaitFound(a, bob);
        send(b, "still there?");
        a.await(d -> showsMessage(a, "still there?"));
        assertEquals(taken, refusals("name_taken").getAsDouble(), "the reloaded tab presented its key");
    }

    @Test
    void twoTabsOfOnePersonBothReceiveAPrivateMessage() {
        String alice = unique("alice"), bob = unique("bob");
        Browser a = browser().logIn(alice);
        String firstTab = a.tab();
        String secondTab = a.openTab(chat.toString());
        a.logIn(alice); // the key the first tab was given is in the profile's localStorage
        Browser b = browser().logIn(bob);

        openConversationWith(b, alice);
        send(b, "to all your tabs");

        for (String tab : List.of(secondTab, firstTab)) {
            a.inTab(tab);
            a.await(d -> listsUser(a, bob));
            openConversationWith(a, bob);
            a.await(d -> showsMessage(a, "to all your tabs"));
            assertEquals(alice, a.find("#me").getText());
        }
        a.screenshot("second-tab-private");
    }

    @Test
    void aSecondPersonCannotLogInUnderAHeldNameAndThePageDoesNotRetry() {
        String alice = unique("alice");
        browser().logIn(alice);
        Browser b = browser();
        DoubleSupplier taken = refusals("name_taken");
        double before = taken.getAsDouble();

        b.find("#username").sendKeys(alice);
        b.find("#login-btn").click();

        b.await(d -> showsLogin(b) && !b.find("#login-error").getText().isEmpty());
        assertEquals("The name “" + alice + "” is taken: someone else is using it. Choose another name.",
                b.find("#login-error").getText());
        assertEquals(alice, b.find("#username").getAttribute("value"), "the name stays in the box to be changed");
        b.screenshot("name-taken");
        assertStaysAt(before + 1, taken);
    }

    @Test
    void aTakenNameIsExplainedInChinese() {
        String name = unique("小明");
        browser().logIn(name);
        Browser b = chromium.person("zh-CN", 1280, 800).go(chat.toString());

        b.find("#username").sendKeys(name);
        b.find("#login-btn").click();

        b.await(d -> showsLogin(b) && !b.find("#login-error").getText().isEmpty());
        assertEquals("名字“" + name + "”已被别人使用，请换一个名字。", b.find("#login-error").getText());
        b.screenshot("name-taken-zh");
    }

    /** "Log out", confirmed. */
    private static void logOut(Browser browser) {
        browser.find("#logout-btn").click();
        browser.await(d -> browser.find("#logout-confirm").isDisplayed());
        browser.find("#logout-confirm-btn").click();
    }

    @Test
    void loggingOutFirstSaysWhatItGivesUpAndDoesNothingUntilConfirmed() {
        String alice = unique("alice");
        Browser a = browser().logIn(alice);

        a.find("#logout-btn").click();

        a.await(d -> a.find("#logout-confirm").isDisplayed());
        String warning = a.find("#logout-confirm-text").getText();
        assertTrue(warning.contains(alice) && warning.contains("private conversations")
                && warning.contains("kept for you while you were offline") && warning.contains("neither will you"),
                warning);
        a.screenshot("log-out-confirm");
        a.find("#logout-cancel-btn").click();
        a.await(d -> !a.find("#logout-confirm").isDisplayed());
        assertFalse(showsLogin(a));
        assertNotNull(storedKey(a, alice), "still logged in, with the key");
        assertTrue(isOnline(a));
    }

    @Test
    void loggingOutGivesTheNameUpAtOnce() {
        String alice = unique("alice");
        Browser a = browser().logIn(alice);
        assertNotNull(storedKey(a, alice));

        logOut(a);

        a.await(d -> showsLogin(a));
        assertNull(storedKey(a, alice), "the key is forgotten");
        // The name was claimed at login; without the release it would stay reserved for its key.
        browser().logIn(alice);
    }

    @Test
    void aReconnectThatIsRefusedStopsUntilThePersonAsks() {
        DoubleSupplier tooMany = refusals("user_connections");
        double before = tooMany.getAsDouble();
        TcpProxy proxy = TcpProxy.start(vertx, chat.getHost(), chat.getPort());
        opened.add(proxy);
        String alice = unique("alice");
        Browser a = person().go("http://127.0.0.1:" + proxy.port() + "/chat").logIn(alice);
        String key = storedKey(a, alice);
        proxy.cut();
        a.await(d -> a.find("#banner").isDisplayed());
        await().atMost(Browser.WAIT).untilAsserted(() -> {
            String users = given().get("/api/users").asString();
            assertFalse(users.contains(alice), users);
        });
        // While the page is away, its name's ten connections are taken by the same person elsewhere.
        List<ChatClient> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(connectWithKey("/privateChat/" + alice, key));
        }

        proxy.restore();

        a.await(d -> a.find("#stopped").isDisplayed());
        assertEquals("This name has too many chat windows open. Close some of them and try again.",
                a.find("#stopped-text").getText());
        assertTrue(a.find("#status").getAttribute("class").contains("stopped"));
        assertFalse(a.find("#banner").isDisplayed());
        a.screenshot("reconnect-refused");
        double refused = tooMany.getAsDouble();
        assertTrue(refused > before);
        assertStaysAt(refused, tooMany);

        others.forEach(ChatClient::close);
        a.find("#reconnect-btn").click();

        a.await(d -> a.find("#status").getAttribute("class").contains("online"));
        assertFalse(a.find("#stopped").isDisplayed());
    }

    @Test
    void aBannedPersonIsToldWhyAndThePageDoesNotReconnect() {
        DoubleSupplier banned = refusals("banned");
        double before = banned.getAsDouble();
        String alice = unique("alice");
        Browser a = browser().logIn(alice);

        moderation.ban(alice, Duration.ofHours(1), "spam links", "test").toCompletableFuture().join();

        a.await(d -> a.find("#stopped").isDisplayed());
        String text = a.find("#stopped-text").getText();
        assertTrue(text.startsWith("This name is banned from the chat until "), text);
        assertTrue(text.endsWith("“spam links”"), text);
        assertTrue(a.find("#status").getAttribute("class").contains("stopped"));
        a.screenshot("banned");
        assertStaysAt(before, banned);
    }

    @Test
    void aPersonWhoseConnectionsTheServiceClosedIsToldWhyAndThePageDoesNotReconnect() {
        String alice = unique("alice");
        Browser a = browser().logIn(alice);

        moderation.kick(alice, "take a break", "test").toCompletableFuture().join();

        a.await(d -> a.find("#stopped").isDisplayed());
        assertEquals("The service closed your connection: “take a break”. Reconnect when you are ready.",
                a.find("#stopped-text").getText());
        await().during(NO_RETRY).atMost(NO_RETRY.plus(Browser.WAIT)).untilAsserted(() -> {
            String users = given().get("/api/users").asString();
            assertFalse(users.contains(alice), users);
        });
    }

    @Test
    void sendingTooFastIsExplainedByTheComposerAndTheMessageStaysInTheBox() {
        Browser a = browser().logIn(unique("alice"));

        // Past the connection's burst of 30 frames, at once: the last ones are refused, the connection stays.
        a.script("""
                const box = document.getElementById('content');
                const form = document.getElementById('send-form');
                for (let i = 1; i <= 36; i++) { box.value = 'burst ' + i; form.requestSubmit(); }""");

        a.await(d -> a.find("#send-error").getText().equals("You are sending too fast; wait a moment."));
        assertEquals("burst 36", a.find("#content").getAttribute("value"));
        assertTrue(a.find("#status").getAttribute("class").contains("online"));
        a.screenshot("send-rate-limited");
    }

    @Test
    void aServerThatCannotBeReachedIsSaidSo() {
        TcpProxy proxy = TcpProxy.start(vertx, chat.getHost(), chat.getPort());
        opened.add(proxy);
        Browser a = person().go("http://127.0.0.1:" + proxy.port() + "/chat");
        proxy.cut();

        a.find("#username").sendKeys(unique("alice"));
        a.find("#login-btn").click();

        assertEquals("connecting…", a.find("#status").getText());
        a.await(d -> a.find("#status").getText().equals("cannot reach the server, retrying…"));
        assertEquals("Cannot reach the server. Retrying…", a.find("#banner").getText());
        a.screenshot("unreachable");
    }

    /** The smallest and the largest of many delays the page's back-off draws, by the script given. */
    private static List<Double> range(Browser browser, String draw) {
        @SuppressWarnings("unchecked")
        List<Number> minMax = (List<Number>) browser.script("const d = [];"
                + " for (let i = 0; i < 1000; i++) d.push(" + draw + ");"
                + " return [Math.min(...d), Math.max(...d)];");
        return minMax.stream().map(Number::doubleValue).toList();
    }

    private static void assertSpreadOver(double cap, List<Double> range) {
        assertTrue(range.get(0) >= 0 && range.get(1) <= cap, range + " within [0, " + cap + "]");
        assertTrue(range.get(0) < cap / 10 && range.get(1) > cap * 9 / 10, range + " spread over [0, " + cap + "]");
    }

    @Test
    void theReconnectDelayIsRandomFromZeroToADoublingCap() {
        Browser a = browser();

        assertSpreadOver(500, range(a, "ChatBackoff.retryDelay(0)"));
        assertSpreadOver(4000, range(a, "ChatBackoff.retryDelay(3)"));
        assertSpreadOver(30000, range(a, "ChatBackoff.retryDelay(12)"));
    }

    @Test
    void afterADrainingNodeSentThePageAwayItsReturnIsSpreadOverFiveSeconds() {
        Browser a = browser();

        assertSpreadOver(5000, range(a, "ChatBackoff.drainDelay()"));
    }

    @Test
    void chineseReadersGetAChinesePage() {
        Browser a = chromium.person("zh-CN", 1280, 800).go(chat.toString());

        assertEquals("登录", a.find("#login-btn").getText());
        a.screenshot("login-zh");
        a.logIn(unique("小明"));
        assertEquals("在线", a.find("#status").getText());
        send(a, "你好，世界 😀");
        a.await(d -> showsMessage(a, "你好，世界 😀"));
        a.screenshot("chat-zh");
    }

    @Test
    void thePageFitsAPhoneScreen() {
        Browser a = chromium.person("en-US", 390, 844).go(chat.toString());
        a.screenshot("phone-login");
        a.logIn(unique("alice"));
        send(a, "from a phone");
        a.await(d -> showsMessage(a, "from a phone"));

        long overflow = (Long) a.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertEquals(0, overflow, "no sideways scrolling");
        assertTrue(a.find("#content").isDisplayed());
        a.screenshot("phone-chat");
    }
}
