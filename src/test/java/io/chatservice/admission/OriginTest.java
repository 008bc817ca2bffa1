package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Scrape;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;

/** By default only the service's own pages may open a WebSocket; clients that are not browsers send no Origin. */
@QuarkusTest
class OriginTest extends ChatTestBase {

    private static final String ORIGIN_REFUSALS = "chat_refusals_total{reason=\"origin\"}";

    private int upgrade(Map<String, String> headers) throws Exception {
        return Upgrade.send(base.getHost(), base.getPort(), "/groupchat/" + unique("alice"), headers).status();
    }

    @Test
    void aPageFromAnotherSiteIsRefusedWith403() throws Exception {
        Scrape before = Scrape.now();

        assertEquals(403, upgrade(Map.of("Origin", "https://evil.example")));
        assertTrue(Scrape.now().value(ORIGIN_REFUSALS) > before.value(ORIGIN_REFUSALS), "counted");
    }

    @Test
    void theServicesOwnPagesMayConnect() throws Exception {
        assertEquals(101, upgrade(Map.of("Origin", "http://" + base.getHost() + ":" + base.getPort())));
    }

    @Test
    void originsCompareWithoutCase() throws Exception {
        assertEquals(101, upgrade(Map.of("Origin", "HTTP://" + base.getHost().toUpperCase() + ":" + base.getPort())));
    }

    @Test
    void aPageOpenedFromAFileIsRefusedUnlessListed() throws Exception {
        assertEquals(403, upgrade(Map.of("Origin", "null")));
    }

    @Test
    void aClientThatIsNotABrowserSendsNoOriginAndIsLetIn() throws Exception {
        assertEquals(101, upgrade(Map.of()));
    }
}
