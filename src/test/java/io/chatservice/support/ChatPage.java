package io.chatservice.support;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What a person does on the chat page, and what it shows them, for the browser tests. */
public final class ChatPage {

    /** How long a search waits for its answer before it is asked again. */
    private static final Duration ASK_AGAIN = Duration.ofMillis(300);

    private ChatPage() {
    }

    /** Types the text and presses Enter. */
    public static void send(Browser browser, String text) {
        WebElement box = browser.find("#content");
        box.sendKeys(text);
        box.sendKeys(Keys.ENTER);
    }

    /** Joins the room by name and waits until it is the open conversation. */
    public static void join(Browser browser, String room) {
        browser.find("#join-room").sendKeys(room);
        browser.find("#join-btn").click();
        browser.await(d -> browser.find("#title").getText().equals("# " + room));
    }

    /** The lines of the open conversation, read at once: the page may draw the list again at any moment. */
    @SuppressWarnings("unchecked")
    public static List<String> messageTexts(Browser browser) {
        return (List<String>) browser.script(
                "return [...document.querySelectorAll('#messages .message .text')].map((text) => text.textContent);");
    }

    /** What the ticks of the page's own message with this text say (their accessible name), or null. */
    public static String ticksOf(Browser browser, String text) {
        return (String) browser.script("""
                const line = [...document.querySelectorAll('#messages .message.mine')]
                    .find((li) => li.querySelector('.text').textContent === arguments[0]);
                const ticks = line && line.querySelector('.ticks');
                return ticks ? ticks.getAttribute('aria-label') : null;""", text);
    }

    /** The key of the name, which the page keeps in localStorage for the person's other tabs. */
    public static String storedKey(Browser browser, String user) {
        return (String) browser.script("return localStorage.getItem('chat.key.' + arguments[0]);", user);
    }

    /** Whether the list of people (the person's conversations) shows the user, online or not. */
    public static boolean listsUser(Browser browser, String user) {
        return browser.findAll("#users li").stream().anyMatch(li -> li.getText().startsWith(user));
    }

    /** Whether the list of people shows the user with the dot that says they are online ("online") or not. */
    public static boolean showsUserAs(Browser browser, String user, String presence) {
        return Boolean.TRUE.equals(browser.script("""
                const li = [...document.querySelectorAll('#users li')]
                    .find((li) => li.querySelector('.name').textContent === arguments[0]);
                return !!li && li.classList.contains(arguments[1]) && !!li.querySelector('.dot.' + arguments[1]);""",
                user, presence));
    }

    /** The names the search box found, read at once. */
    @SuppressWarnings("unchecked")
    public static List<String> searchResults(Browser browser) {
        return (List<String>) browser.script(
                "return [...document.querySelectorAll('#search-results li .name')].map((name) => name.textContent);");
    }

    /**
     * Searches for the user by name until the search box finds them online (asked again at each look, as a person
     * would press Enter again): what a person does to find someone who is not in their list yet.
     */
    public static void awaitFound(Browser browser, String user) {
        long[] askAt = { System.nanoTime() };
        browser.await(d -> {
            if (searchResults(browser).contains(user)) {
                return true;
            }
            long now = System.nanoTime();
            if (now - askAt[0] >= 0) { // a new question forgets the last one's answer: give each time to come
                askAt[0] = now + ASK_AGAIN.toNanos();
                WebElement box = browser.find("#people-search");
                box.clear();
                box.sendKeys(user);
                box.sendKeys(Keys.ENTER);
            }
            return false;
        });
    }

    /**
     * Opens the private conversation with the user: from the list of people if it has them, else found online with
     * the search box.
     */
    public static void openConversationWith(Browser browser, String user) {
        if (listsUser(browser, user)) {
            browser.findAll("#users li").stream().filter(li -> li.getText().startsWith(user)).findFirst()
                    .orElseThrow().click();
        } else {
            awaitFound(browser, user);
            browser.findAll("#search-results li").stream().filter(li -> li.getText().equals(user)).findFirst()
                    .orElseThrow().click();
        }
        browser.await(d -> browser.find("#title").getText().equals("@ " + user));
    }

    public static boolean isOnline(Browser browser) {
        return browser.find("#status").getAttribute("class").contains("online");
    }
}
