package io.chatservice.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.identity.PreferredUsernameProfile;
import io.chatservice.support.Browser;
import io.chatservice.support.Chromium;
import io.chatservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The page in {@code jwt} mode: it takes its token from the address ({@code #access_token=…}), reads the name from
 * the token's claim, and connects with the token instead of a name and a key. These tests check what the page does
 * with the token; whether the service accepts it is the service's own tests' business.
 */
@Tag("browser")
@QuarkusTest
@TestProfile(PreferredUsernameProfile.class)
class TokenPageBrowserTest {

    static final String NAME_CLAIM = PreferredUsernameProfile.NAME_CLAIM;

    private static Chromium chromium;

    @TestHTTPResource("/chat")
    URI chat;

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

    private Browser browser(String url) {
        return chromium.person().recordingSockets().go(url);
    }

    @Test
    void withoutATokenTheLoginScreenSaysHowToComeIn() {
        Browser a = browser(chat.toString());

        assertEquals("This chat needs you to sign in: open it with the link your sign-in gives you.",
                a.find("#login-error").getText());
        assertFalse(a.find("#username").isDisplayed(), "no name to type: the token names the user");
        assertFalse(a.find("#login-btn").isDisplayed());
        assertTrue(a.socketsOpened().isEmpty());
        a.screenshot("token-required");
    }

    @Test
    void theTokenLeavesTheAddressAndTheNameComesFromItsClaim() {
        String name = "李雷-" + UUID.randomUUID().toString().substring(0, 6);
        String token = Tokens.claims("u-123").claim(NAME_CLAIM, name).sign(Tokens.privateKey());

        Browser a = browser(chat + "#access_token=" + token);

        assertEquals(chat.toString(), a.url(), "no token left in the address bar");
        assertEquals(token, a.script("return sessionStorage.getItem('chat.token');"));
        a.await(d -> !a.socketsOpened().isEmpty());
        String first = a.socketsOpened().get(0);
        assertEquals("ws://" + chat.getHost() + ":" + chat.getPort() + "/groupchat/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?access_token=" + token + "&typing=true", first);
        assertTrue(a.socketsOpened().stream().noneMatch(url -> url.contains("key=")), "a token, never a key");
    }

    @Test
    void anExpiredTokenIsNotUsed() {
        String token = Tokens.claims("u-1").claim(NAME_CLAIM, "alice")
                .issuedAt(Instant.now().minusSeconds(120)).expiresAt(Instant.now().minusSeconds(60))
                .sign(Tokens.privateKey());

        Browser a = browser(chat + "#access_token=" + token);

        assertEquals("Your sign-in has expired. Sign in again.", a.find("#login-error").getText());
        assertTrue(a.socketsOpened().isEmpty());
        assertNull(a.script("return sessionStorage.getItem('chat.token');"));
    }
}
