package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Newcomers join a room while others talk in it: each gets the room's history and then the live messages with no
 * gap between them, none twice, in offset order.
 */
@Tag("slow") // an application of its own
@QuarkusTest
@TestProfile(JoinWhileTalkingTest.Unlimited.class)
class JoinWhileTalkingTest extends ChatTestBase {

    public static class Unlimited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.message-rate", "0", "chat.limits.user-message-rate", "0",
                    "chat.history.on-join", "500");
        }
    }

    @Test
    void historyAndLiveMessagesMeetWithNoGapAndNoDuplicate() throws Exception {
        String room = unique("busy");
        List<ChatClient> talkers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            talkers.add(group(unique("talker"), room));
        }
        AtomicBoolean talking = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (ChatClient talker : talkers) {
            Thread thread = new Thread(() -> {
                int n = 0;
                while (talking.get() && n < 400) {
                    talker.send(sayIn(room, "t" + n++));
                    Thread.onSpinWait();
                }
            });
            thread.start();
            threads.add(thread);
        }
        List<ChatClient> newcomers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            newcomers.add(connect("/groupchat/" + unique("newcomer") + "/" + room));
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        talking.set(false);
        // The last message said: every newcomer must have seen everything up to it.
        ChatClient last = talkers.get(0);
        last.send(sayIn(room, "end"));
        long end = last.await(f -> "end".equals(f.getString("info")), "end").getLong("offset");

        for (ChatClient newcomer : newcomers) {
            long expected = -1;
            while (true) {
                JsonObject frame = newcomer.await(f -> "message".equals(f.getString("type")), "a message");
                long offset = frame.getLong("offset");
                if (expected < 0) {
                    expected = offset; // the oldest message of its history: history size allows up to 500
                }
                assertEquals(expected, offset, "offsets in order with no gap or duplicate, at " + frame.encode());
                expected++;
                if (offset == end) {
                    break;
                }
            }
        }
    }
}
