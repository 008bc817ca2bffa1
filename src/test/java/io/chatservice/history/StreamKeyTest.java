package io.chatservice.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class StreamKeyTest {

    @Test
    void aConversationIsOneStreamWhoeverWrites() {
        assertEquals(StreamKey.conversation("bob", "alice"), StreamKey.conversation("alice", "bob"));
        assertEquals("dm:alice|bob", StreamKey.conversation("bob", "alice").id());
    }

    @Test
    void aRoomAndAConversationNeverShareAStream() {
        assertNotEquals(StreamKey.room("dm:a|b").id(), StreamKey.conversation("a", "b").id());
        assertEquals("room:dev", StreamKey.room("dev").id());
    }

    @Test
    void theOtherUserOfAConversation() {
        StreamKey key = StreamKey.conversation("bob", "alice");
        assertEquals("bob", key.other("alice"));
        assertEquals("alice", key.other("bob"));
    }
}
