package io.chatservice.page;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import io.chatservice.admission.ListedOriginsProfile;
import io.chatservice.support.Browser;
import io.chatservice.support.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The tutorial's own group chat page, with only its server address changed, works against the service. It is opened
 * from a file, whose pages send {@code Origin: null}: the operator of such a deployment lists {@code null} among the
 * allowed origins, as this test does.
 */
@Tag("browser")
@QuarkusTest
@TestProfile(ListedOriginsProfile.class)
class SeedPageBrowserTest {

    private static final String SEED_ADDRESS = "ws://192.168.16.13:9527";

    private static Chromium chromium;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void startChromium() {
        chromium = Chromium.start();
    }

    @AfterEach
    void closePeople() {
        chromium.closePeople();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private Path seedPage() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/seed/groupChat.html")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Path file = Files.createTempFile("seed-groupChat-", ".html");
            Files.writeString(file, page.replace(SEED_ADDRESS, "ws://" + base.getHost() + ":" + base.getPort()));
            file.toFile().deleteOnExit();
            return file;
        }
    }

    private Browser seedLogin(Path page, String name) {
        Browser browser = chromium.person();
        browser.go(page.toUri().toString());
        browser.find("#username").sendKeys(name);
        browser.find("#login-btn").click();
        // The seed page prints every frame it gets as "from_user:info"; its own join is the sign it is in.
        browser.await(d -> lines(browser).contains(name + ":joined lobby"));
        return browser;
    }

    private static List<String> lines(Browser browser) {
        return browser.findAll("#chat_list p").stream().map(WebElement::getText).toList();
    }

    @Test
    void theSeedsGroupChatPageChatsThroughTheService() throws IOException {
        Path page = seedPage();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String alice = "alice" + suffix, bob = "bob" + suffix;
        Browser a = seedLogin(page, alice);
        Browser b = seedLogin(page, bob);

        b.find("#content").sendKeys("你好 from the seed page");
        b.find("#send-btn").click();

        a.await(d -> lines(a).contains(bob + ":你好 from the seed page"));
        b.await(d -> lines(b).contains(bob + ":你好 from the seed page"));
        a.screenshot("seed-page");
    }
}
