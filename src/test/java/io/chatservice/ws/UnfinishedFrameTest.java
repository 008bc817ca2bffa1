package io.chatservice.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.chatservice.lifecycle.ShortTimeoutsProfile;
import io.chatservice.support.ChatClient;
import io.chatservice.support.ChatTestBase;
import io.chatservice.support.WireSocket;
import io.chatservice.support.WireSocket.Builder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A frame whose header promises more bytes than ever come holds its connection only until the liveness timeout
 * (two seconds here): bytes of an unfinished frame are not a sign of life, and the peer cannot answer a ping in the
 * middle of one. Everyone else goes on chatting.
 */
@Tag("slow")
@QuarkusTest
@TestProfile(ShortTimeoutsProfile.class)
class UnfinishedFrameTest extends ChatTestBase {

    @Test
    void frameThatStopsHalfwayIsClosedWith4002() throws IOException {
        String room = unique("room");
        ChatClient alice = group(unique("alice"), room);
        ChatClient bob = group(unique("bob"), room);
        try (WireSocket raw = WireSocket.open(base.getHost(), base.getPort(), "/groupchat/" + unique("raw") + "/" + room)) {
            raw.awaitText("\"presence\"");

            raw.send(Builder.text("{\"info\":\"the rest never comes").claimLength(1000).bytes());

            assertEquals(4002, raw.awaitClose());
        }
        alice.send(say("still here"));
        assertEquals("still here", bob.nextMessage().getString("info"));
    }
}
