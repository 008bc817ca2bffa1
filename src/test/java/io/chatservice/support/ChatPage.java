package io.chatservice.support;

import java.util.List;

import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** What a person does on the chat page, and what it shows them, for the browser tests. */
public final class ChatPage {

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

    /** Whether the list of people shows the user, online or not. */
    public static boolean listsUser(Browser browser, String user) {
        return browser.findAll("#users li").stream().anyMatch(li -> li.getText().startsWith(user));
    }

    /** Opens the private conversation with the user from the list of people. */
    public static void openConversationWith(Browser browser, String user) {
        browser.await(d -> listsUser(browser, user));
        browser.findAll("#users li").stream().filter(li -> li.getText().startsWith(user)).findFirst().orElseThrow()
                .click();
        browser.await(d -> browser.find("#title").getText().equals("@ " + user));
    }

    public static boolean isOnline(Browser browser) {
        return browser.find("#status").getAttribute("class").contains("online");
    }
}
