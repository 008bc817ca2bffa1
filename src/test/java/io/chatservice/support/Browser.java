package io.chatservice.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's chromium, headless, with a profile of its own, driven through Debian's
 * chromedriver. Nothing is downloaded. Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
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

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A desktop-sized browser that prefers the given language (an Accept-Language value). */
    public static Browser open(String language, int width, int height) {
        String chromium = executable("CHROMIUM_BIN", "/usr/bin/chromium");
        String chromedriver = executable("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("chat-browser-");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(chromium)
                    .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--lang=" + language,
                            "--window-size=" + width + "," + height)
                    .setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, height));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Browser desktop() {
        return open("en-US", 1280, 800);
    }

    private static String executable(String variable, String fallback) {
        String path = System.getenv().getOrDefault(variable, fallback);
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: the browser tests need Debian's chromium and "
                    + "chromium-driver (apt-get install chromium chromium-driver), or " + variable + " set");
        }
        return path;
    }

    public Browser go(String url) {
        driver.get(url);
        return this;
    }

    public WebDriver driver() {
        return driver;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Asks again when the page re-rendered an element the condition was reading: it reads the new one next time. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** The tab being driven now. */
    public String tab() {
        return driver.getWindowHandle();
    }

    /** Opens a second tab of this browser (its profile, and so its localStorage, is the same) and drives it. */
    public String openTab(String url) {
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url);
        return tab();
    }

    /** Drives the given tab from now on. */
    public Browser inTab(String handle) {
        driver.switchTo().window(handle);
        return this;
    }

    /** From the next page on, notes the address of every WebSocket a page opens: see {@link #socketsOpened()}. */
    public Browser recordingSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SOCKET_RECORDER));
        return this;
    }

    /** The addresses of the WebSockets the current page has opened, in order (after {@link #recordingSockets()}). */
    @SuppressWarnings("unchecked")
    public List<String> socketsOpened() {
        return (List<String>) script("return window.socketsOpened || [];");
    }

    /** Runs a script that ends by calling its last argument, and returns what it was called with. */
    public Object asyncScript(String js, Object... args) {
        driver.manage().timeouts().scriptTimeout(WAIT);
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
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
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
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
