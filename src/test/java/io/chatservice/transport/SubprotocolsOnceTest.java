package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpServerOptions;

/** Plain JUnit: each subprotocol once, whether it was added before or after the list was made distinct. */
class SubprotocolsOnceTest {

    @Test
    void aSubprotocolAddedTwiceBeforeIsKeptOnce() {
        HttpServerOptions options = new HttpServerOptions().addWebSocketSubProtocol("chat")
                .addWebSocketSubProtocol("chat").addWebSocketSubProtocol("v2");

        SubprotocolsOnce.once(options);

        assertEquals(List.of("chat", "v2"), options.getWebSocketSubProtocols());
    }

    @Test
    void aSubprotocolAddedAgainAfterwardsIsNotAddedTwice() {
        HttpServerOptions options = new HttpServerOptions();

        SubprotocolsOnce.once(options);
        options.addWebSocketSubProtocol("chat").addWebSocketSubProtocol("chat");
        SubprotocolsOnce.once(options);
        options.addWebSocketSubProtocol("chat");

        assertEquals(List.of("chat"), options.getWebSocketSubProtocols());
        assertEquals("chat", String.join(",", options.getWebSocketSubProtocols()), "what Vert.x gives each handshaker");
    }

    @Test
    void aListSetWithDuplicatesIsMadeDistinctToo() {
        HttpServerOptions options = new HttpServerOptions()
                .setWebSocketSubProtocols(new ArrayList<>(List.of("chat", "chat")));

        SubprotocolsOnce.once(options);

        assertEquals(List.of("chat"), options.getWebSocketSubProtocols());
    }
}
