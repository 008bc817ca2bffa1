package io.chatservice.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatTestBase;
import io.chatservice.support.Upgrade;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Quarkus turns a subprotocol {@code quarkus-http-upgrade#Name#value} into a request header, for browsers to send
 * their token. A page can offer any subprotocol, but what it adds comes after the browser's own headers, and the
 * service reads the first: it cannot pass for another origin.
 */
@QuarkusTest
class SubprotocolHeaderTest extends ChatTestBase {

    @Test
    void aSubprotocolCannotStandInForThePagesOrigin() throws Exception {
        String self = "http://" + base.getHost() + ":" + base.getPort();

        Upgrade answer = Upgrade.send(base.getHost(), base.getPort(), "/groupchat/" + unique("alice"), Map.of(
                "Origin", "https://evil.example",
                "Sec-WebSocket-Protocol", "chat, quarkus-http-upgrade#Origin#" + self));

        assertEquals(403, answer.status());
    }
}
