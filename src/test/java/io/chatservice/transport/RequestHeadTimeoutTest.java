package io.chatservice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.lifecycle.ShortTimeoutsProfile;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.WireSocket;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A client has {@code chat.http.head-timeout} (one second here) to send a request head, from the moment it connects
 * or starts its next request on a kept-alive connection. One that sends it a header at a time (slowloris) is cut
 * off; a kept-alive connection that is merely idle between requests is not. Two people chat on throughout.
 */
@Tag("slow")
@QuarkusTest
@TestProfile(ShortTimeoutsProfile.class)
class RequestHeadTimeoutTest extends ChatTestBase {

    /** Far above the one-second head timeout and far below the 90 s HTTP idle timeout. */
    private static final Duration CUT_OFF_WITHIN = Duration.ofSeconds(5);
    /** One header every quarter of a second: the connection is never idle, and the head never ends. */
    private static final Duration PACE = Duration.ofMillis(250);

    private String room;
    private ChatClient alice;
    private ChatClient bob;

    @BeforeEach
    void twoPeopleChat() {
        room = unique("room");
        alice = group(unique("alice"), room);
        bob = group(unique("bob"), room);
    }

    @Test
    void handshakeSentOneHeaderAtATimeIsCutOff() throws IOException {
        try (WireSocket slow = WireSocket.connect(base.getHost(), base.getPort())) {
            slow.send("GET /groupchat/" + unique("slow") + "/" + room + " HTTP/1.1\r\n");

            assertTrue(dripsHeadersUntilClosed(slow), "still open after " + CUT_OFF_WITHIN);
        }
        othersStillChat();
    }

    @Test
    void connectionThatSendsNothingIsClosed() throws IOException {
        try (WireSocket silent = WireSocket.connect(base.getHost(), base.getPort())) {

            assertTrue(silent.closedWithin(CUT_OFF_WITHIN), "still open after " + CUT_OFF_WITHIN);
        }
        othersStillChat();
    }

    @Test
    void keptAliveConnectionMayIdleBetweenRequests() throws IOException {
        try (WireSocket http = WireSocket.connect(base.getHost(), base.getPort())) {
            http.send(get("/api/rooms"));
            assertEquals(200, http.readResponse());

            assertFalse(http.closedWithin(Duration.ofMillis(2500)), "closed while idle between requests");

            http.send(get("/api/rooms"));
            assertEquals(200, http.readResponse());
        }
        othersStillChat();
    }

    @Test
    void secondRequestSentOneHeaderAtATimeIsCutOff() throws IOException {
        try (WireSocket slow = WireSocket.connect(base.getHost(), base.getPort())) {
            slow.send(get("/api/rooms"));
            assertEquals(200, slow.readResponse());
            slow.send("GET /api/rooms HTTP/1.1\r\n");

            assertTrue(dripsHeadersUntilClosed(slow), "still open after " + CUT_OFF_WITHIN);
        }
        othersStillChat();
    }

    /** Sends a header every {@link #PACE} until the server closes; false if it is still open after the limit. */
    private boolean dripsHeadersUntilClosed(WireSocket slow) throws IOException {
        long deadline = System.nanoTime() + CUT_OFF_WITHIN.toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            try {
                slow.send("X-Slow-" + i + ": " + i + "\r\n");
            } catch (IOException closed) {
                return true;
            }
            if (slow.closedWithin(PACE)) {
                return true;
            }
        }
        return false;
    }

    private String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n\r\n";
    }

    private void othersStillChat() {
        alice.send(say("still here"));
        assertEquals("still here", bob.nextMessage().getString("info"));
    }
}
