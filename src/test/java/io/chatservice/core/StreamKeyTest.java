package io.chatservice.core;

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

    @Test
    void aConversationBelongsToTheIdentitiesOfItsUsersNotOnlyToTheirNames() {
        StreamKey earlier = StreamKey.conversation("alice", "0123456789abcdef", "bob", "fedcba9876543210");
        StreamKey later = StreamKey.conversation("alice", "aaaaaaaaaaaaaaaa", "bob", "fedcba9876543210");

        assertNotEquals(earlier, later);
        assertNotEquals(earlier.id(), later.id());
        assertEquals("dm:alice#0123456789abcdef|bob#fedcba9876543210", earlier.id());
        assertEquals(earlier, StreamKey.conversation("bob", "fedcba9876543210", "alice", "0123456789abcdef"));
    }

    @Test
    void anIdReadsBackAsItsStream() {
        StreamKey conversation = StreamKey.conversation("bob", "fedcba9876543210", "alice", "0123456789abcdef");
        assertEquals(conversation, StreamKey.parse(conversation.id()));
        assertEquals(StreamKey.conversation("a", "b"), StreamKey.parse("dm:a|b"));
        assertEquals(StreamKey.room("dev"), StreamKey.parse("room:dev"));
        assertEquals(null, StreamKey.parse("dm:"));
    }

    @Test
    void eachSideOfAConversationAsAParty() {
        StreamKey conversation = StreamKey.conversation("bob", "fedcba9876543210", "alice", "0123456789abcdef");
        assertEquals("bob#fedcba9876543210", conversation.otherParty("alice"));
        assertEquals("0123456789abcdef", conversation.identityOf("alice"));
        assertEquals(conversation, StreamKey.ofParties("alice#0123456789abcdef", conversation.otherParty("alice")));
    }
}
