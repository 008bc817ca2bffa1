package io.chatservice.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: a browser context of a shared {@link Chromium} (storage of its own), with its window and any
 * tabs the person opens. Every call first points chromedriver at the person's tab, so that a test drives several
 * people in turn. Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    /** How often a wait looks again: a page answers in milliseconds, and each look is a few commands. */
    static final Duration POLL = Duration.ofMillis(50);
    /** Run before each page's own scripts: every WebSocket the page opens has its address noted. */
    private static final String SOCKET_RECORDER = """
            (() => {
              const opened = [];
              window.socketsOpened = opened;
              window.WebSocket = class extends window.WebSocket {
                constructor(url, protocols) {
                  super(url, protocols);
                  opened.push(String(url));
                }
              };
            })();""";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Chromium chromium;
    private final String context;
    private final String userAgent;
    private final String language;
    private final List<String> tabs = new ArrayList<>();
    /** Set when this person has the Chromium to themselves: closing them quits it. */
    private boolean ownsChromium;
    private String tab;
    private boolean closed;

    Browser(Chromium chromium, String context, String userAgent, String language) {
        this.chromium = chromium;
        this.context = context;
        this.userAgent = userAgent;
        this.language = language;
    }

    /** A person in a Chromium of their own, who prefers the language; closing them quits it. */
    public static Browser open(String language, int width, int height) {
        Chromium chromium = Chromium.start();
        Browser person = chromium.person(language, width, height);
        person.ownsChromium = true;
        return person;
    }

    /** A desktop-sized person in a Chromium of their own; closing them quits it. */
    public static Browser desktop() {
        return open(Chromium.LANGUAGE, Chromium.WIDTH, Chromium.HEIGHT);
    }

    String context() {
        return context;
    }

    boolean hasTab(String handle) {
        return tabs.contains(handle);
    }

    /** Drives the new tab from now on, speaking the person's language. */
    void addTab(String handle) {
        tabs.add(handle);
        tab = handle;
        ChromeDriver driver = chromium.use(handle);
        // Each tab's requests say what the person reads, and its scripts format dates the same way.
        driver.executeCdpCommand("Emulation.setUserAgentOverride",
                Map.of("userAgent", userAgent, "acceptLanguage", language));
        driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", language));
    }

    private ChromeDriver driven() {
        if (closed) {
            throw new IllegalStateException("this browser was closed");
        }
        return chromium.use(tab);
    }

    public Browser go(String url) {
        driven().get(url);
        return this;
    }

    /** Reloads the page, as the person's F5 does. */
    public Browser reload() {
        driven().navigate().refresh();
        return this;
    }

    /** The driver, pointed at this person's tab until another person is driven. */
    public WebDriver driver() {
        return driven();
    }

    public String url() {
        return driven().getCurrentUrl();
    }

    public String title() {
        return driven().getTitle();
    }

    public WebElement find(String css) {
        return driven().findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driven().findElements(By.cssSelector(css));
    }

    /** Asks again when the page re-rendered an element the condition was reading: it reads the new one next time. */
    public <T> T await(Function<WebDriver, T> condition) {
        return await(WAIT, condition);
    }

    /** As {@link #await(Function)}, for up to the time given. */
    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driven(), timeout, POLL).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.apply(driven()));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driven()).executeScript(js, args);
    }

    /** The tab being driven now. */
    public String tab() {
        return tab;
    }

    /** Opens another tab of this person (their storage, and so their localStorage, is the same) and drives it. */
    public String openTab(String url) {
        addTab(chromium.newTarget(context, false, 0, 0));
        go(url);
        return tab;
    }

    /** Drives the given tab of this person from now on. */
    public Browser inTab(String handle) {
        if (!tabs.contains(handle)) {
            throw new IllegalArgumentException(handle + " is not a tab of this browser");
        }
        tab = handle;
        return this;
    }

    /** Closes the tab being driven, as the person closes a tab; drive another with {@link #inTab} next. */
    public void closeTab() {
        driven();
        chromium.closeWindow(tab);
        tabs.remove(tab);
    }

    /** From the next page on, notes the address of every WebSocket a page opens: see {@link #socketsOpened()}. */
    public Browser recordingSockets() {
        driven().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKET_RECORDER));
        return this;
    }

    /** The addresses of the WebSockets the current page has opened, in order (after {@link #recordingSockets()}). */
    @SuppressWarnings("unchecked")
    public List<String> socketsOpened() {
        return (List<String>) script("return window.socketsOpened || [];");
    }

    /** Runs a script that ends by calling its last argument, and returns what it was called with. */
    public Object asyncScript(String js, Object... args) {
        ChromeDriver driver = driven();
        driver.manage().timeouts().scriptTimeout(WAIT);
        return driver.executeAsyncScript(js, args);
    }

    /** Logs in on the chat page and waits until both connections are up. */
    public Browser logIn(String name) {
        find("#username").sendKeys(name);
        find("#login-btn").click();
        await(d -> find("#status").getAttribute("class").contains("online"));
        return this;
    }

    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driven().getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the person's windows, as quitting the browser does, and forgets all they stored. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsChromium) {
            chromium.close();
        } else {
            chromium.dispose(this);
        }
    }
}
