package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** An operator lists the origins whose pages may connect. */
@QuarkusTest
@TestProfile(ListedOriginsProfile.class)
class AllowedOriginsTest extends ChatTestBase {

    private int upgrade(String origin) throws Exception {
        return Upgrade.send(base.getHost(), base.getPort(), "/privateChat/" + unique("alice"),
                Map.of("Origin", origin)).status();
    }

    @Test
    void aListedOriginMayConnect() throws Exception {
        assertEquals(101, upgrade(ListedOriginsProfile.LISTED));
    }

    @Test
    void aListedOriginMatchesWithItsDefaultPort() throws Exception {
        assertEquals(101, upgrade(ListedOriginsProfile.LISTED + ":443"));
    }

    @Test
    void filePagesMayConnectWhenNullIsListed() throws Exception {
        assertEquals(101, upgrade("null"));
    }

    @Test
    void anOriginNotListedIsRefused() throws Exception {
        assertEquals(403, upgrade("https://other.example.com"));
    }

    @Test
    void theServicesOwnOriginIsRefusedWhenSelfIsNotListed() throws Exception {
        assertEquals(403, upgrade("http://" + base.getHost() + ":" + base.getPort()));
    }
}
