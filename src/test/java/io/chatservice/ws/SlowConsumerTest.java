package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.RawWebSocket;
import io.chatservice.support.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** A member that stops reading is dropped; everyone else gets every message. */
@Tag("slow")
@QuarkusTest
@TestProfile(SlowReaderProfile.class)
class SlowConsumerTest extends ChatTestBase {

    private static final int MESSAGES = 6000;
    private static final String SLOW_DROPS = "chat_deliveries_dropped_total{reason=\"slow_consumer\"}";

    @Test
    void aReaderThatStallsIsDroppedAndTheOthersGetEverything() throws Exception {
        Scrape before = Scrape.now();
        String room = unique("room");
        String stalled = unique("stalled");
        ChatClient sender = group(unique("sender"), room);
        ChatClient reader = group(unique("reader"), room);
        try (RawWebSocket raw = RawWebSocket.open(base.getHost(), base.getPort(), "/groupchat/" + stalled + "/" + room)) {
            reader.await(ChatClient.joined(stalled), "join of the stalled reader");
            String text = "x".repeat(4000);

            for (int i = 0; i < MESSAGES; i++) {
                sender.send(say(i + " " + text));
            }

            List<String> received = new ArrayList<>();
            String leftUser = null;
            while (received.size() < MESSAGES || leftUser == null) {
                JsonObject frame = reader.next(Duration.ofSeconds(30));
                switch (frame.getString("type")) {
                    case "message" -> received.add(frame.getString("info"));
                    case "leave" -> leftUser = frame.getString("from_user");
                    case "changes" -> leftUser = ChatClient.left(stalled).test(frame) ? stalled : leftUser;
                    default -> {
                    }
                }
            }

            assertEquals(stalled, leftUser);
            assertTrue(Scrape.now().value(SLOW_DROPS) > before.value(SLOW_DROPS), "counted as dropped");
            for (int i = 0; i < MESSAGES; i++) {
                assertTrue(received.get(i).startsWith(i + " "), "message " + i + " in order");
            }
        }
    }
}
