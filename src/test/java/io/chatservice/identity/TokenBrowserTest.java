package io.chatservice.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.Browser;
import io.chatservice.support.Chromium;
import io.chatservice.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * A real browser's WebSocket, which cannot set headers, brings its token in the two ways docs/operations.md gives: as a
 * subprotocol next to {@code chat} ({@code Bearer%20}: a subprotocol may hold no space), and as {@code access_token}.
 */
@Tag("browser")
@QuarkusTest
@TestProfile(TokenProfile.class)
class TokenBrowserTest {

    /** Opens a WebSocket from the page and hands back its protocol and first frame, or how it ended. */
    private static final String OPEN = """
            const [url, protocols, done] = arguments;
            const ws = protocols.length ? new WebSocket(url, protocols) : new WebSocket(url);
            ws.onmessage = e => {
                done(JSON.stringify({protocol: ws.protocol, frame: JSON.parse(e.data)}));
                ws.close();
            };
            ws.onclose = e => done(JSON.stringify({closed: e.code}));
            """;

    @TestHTTPResource("/chat")
    URI page;

    private static Chromium chromium;
    private Browser browser;

    @BeforeAll
    static void startChromium() {
        chromium = Chromium.start();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openThePage() {
        browser = chromium.person().go(page.toString()); // the service's own page: its origin is allowed
    }

    @AfterEach
    void closeBrowser() {
        chromium.closePeople();
    }

    private JsonObject open(String path, List<String> protocols) {
        String url = "ws://" + page.getHost() + ":" + page.getPort() + path;
        return new JsonObject((String) browser.asyncScript(OPEN, url, protocols));
    }

    @Test
    void aBrowserOffersItsTokenAsASubprotocol() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String entry = "quarkus-http-upgrade#Authorization#Bearer%20" + Tokens.token(alice);

        JsonObject opened = open("/groupchat/" + alice, List.of("chat", entry));

        assertEquals("chat", opened.getString("protocol"), opened.encode());
        assertEquals("welcome", opened.getJsonObject("frame").getString("type"));
        assertEquals(alice, opened.getJsonObject("frame").getString("user"));
    }

    @Test
    void aBrowserSendsItsTokenAsAQueryParameter() {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);

        JsonObject opened = open("/groupchat/" + alice + "?access_token=" + Tokens.token(alice), List.of());

        assertEquals(alice, opened.getJsonObject("frame").getString("user"), opened.encode());
    }
}
