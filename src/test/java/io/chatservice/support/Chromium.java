package io.chatservice.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.NoSuchWindowException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian chromium, driven through Debian's chromedriver, for all the tests of a class. Each person a test
 * needs is a browser context of its own in it, as an incognito window is: its own cookies, localStorage,
 * sessionStorage and IndexedDB, in a window of its own. A context is made in a fraction of the time a new process
 * takes to start, and {@link #closePeople()} throws it away after each test with all it stored, so that nothing one
 * test leaves reaches the next. Nothing is downloaded.
 *
 * <pre>{@code
 * static Chromium chromium;
 * @BeforeAll static void startChromium() { chromium = Chromium.start(); }
 * @AfterEach void closePeople() { chromium.closePeople(); }
 * @AfterAll static void stopChromium() { chromium.close(); }
 * }</pre>
 */
public final class Chromium implements AutoCloseable {

    public static final String LANGUAGE = "en-US";
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 800;

    private final ChromeDriver driver;
    private final ChromiumDevTools devTools;
    private final Path profile;
    /** A blank window of the default context: it keeps the session open while no person has a window. */
    private final String home;
    private final List<Browser> people = new ArrayList<>();
    /** What each page tells servers it is; a person's language goes with it. */
    private final String userAgent;
    /** The window chromedriver drives now, or null when it was closed. */
    private String current;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        Map<?, ?> chrome = (Map<?, ?>) driver.getCapabilities().getCapability("goog:chromeOptions");
        this.devTools = ChromiumDevTools.connect((String) chrome.get("debuggerAddress"));
        this.userAgent = devTools.send("Browser.getVersion", Map.of()).getString("userAgent");
        this.home = driver.getWindowHandle();
        this.current = home;
    }

    public static Chromium start() {
        String chromium = executable("CHROMIUM_BIN", "/usr/bin/chromium");
        String chromedriver = executable("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("chat-browser-");
            // Each person's window is visible and keeps its timers: none is a background tab.
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium)
                    .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--disable-background-timer-throttling",
                            "--disable-backgrounding-occluded-windows", "--disable-renderer-backgrounding",
                            "--user-data-dir=" + profile, "--lang=" + LANGUAGE,
                            "--window-size=" + WIDTH + "," + HEIGHT)
                    .setExperimentalOption("prefs", Map.of("intl.accept_languages", LANGUAGE));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                return new Chromium(driver, profile);
            } catch (RuntimeException e) {
                driver.quit();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String executable(String variable, String fallback) {
        String path = System.getenv().getOrDefault(variable, fallback);
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: the browser tests need Debian's chromium and "
                    + "chromium-driver (apt-get install chromium chromium-driver), or " + variable + " set");
        }
        return path;
    }

    /** A person at a desktop-sized window, whose browser prefers American English, on a blank page. */
    public Browser person() {
        return person(LANGUAGE, WIDTH, HEIGHT);
    }

    /** A person whose browser prefers the language (an Accept-Language value), at a window of this size. */
    public Browser person(String language, int width, int height) {
        String context = devTools.send("Target.createBrowserContext", Map.of()).getString("browserContextId");
        Browser person = new Browser(this, context, userAgent, language);
        people.add(person);
        person.addTab(newTarget(context, true, width, height));
        return person;
    }

    /**
     * A new blank page in the context, in a window of its own or as a tab of the context's window, once chromedriver
     * can drive it; its window handle.
     */
    String newTarget(String context, boolean ownWindow, int width, int height) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", "about:blank");
        params.put("browserContextId", context);
        params.put("newWindow", ownWindow);
        if (ownWindow) {
            params.put("width", width);
            params.put("height", height);
        }
        // chromedriver names a window by its DevTools target id.
        String window = devTools.send("Target.createTarget", params).getString("targetId");
        new WebDriverWait(driver, Browser.WAIT, Browser.POLL).until(d -> d.getWindowHandles().contains(window));
        return window;
    }

    /** The driver, pointed at the window. */
    ChromeDriver use(String window) {
        if (!window.equals(current)) {
            driver.switchTo().window(window);
            current = window;
        }
        return driver;
    }

    /** Closes the window chromedriver drives now. */
    void closeWindow(String window) {
        use(window).close();
        current = null;
    }

    /** Closes the person's windows and forgets all they stored. */
    void dispose(Browser person) {
        if (people.remove(person)) {
            devTools.send("Target.disposeBrowserContext", Map.of("browserContextId", person.context()));
            if (person.hasTab(current)) {
                current = null;
            }
        }
    }

    /** Closes every person of the test that ended: their windows, and all they stored. */
    public void closePeople() {
        for (Browser person : List.copyOf(people)) {
            dispose(person);
        }
        // A window the default context opened (none should) would carry its storage into the next test.
        for (String window : driver.getWindowHandles()) {
            if (!window.equals(home)) {
                try {
                    closeWindow(window);
                } catch (NoSuchWindowException e) {
                    // It went with its context a moment ago.
                }
            }
        }
        use(home);
    }

    /** Quits chromium and deletes its profile. */
    @Override
    public void close() {
        try {
            devTools.close();
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A profile left in the temp folder harms nothing.
            }
        }
    }
}
