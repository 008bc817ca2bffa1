package io.chatservice.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.websockets.next.WebSocketConnection;

import io.chatservice.protocol.ChatChannel;

/** Plain JUnit: the rooms a session keeps, in the order it joined them, whichever of them it leaves. */
class ChatSessionRoomsTest {

    private final ChatSession session = new ChatSession(mock(WebSocketConnection.class), new EmbeddedChannel(), "ann",
            ChatChannel.GROUP, "127.0.0.1", null);

    @Test
    void aNewSessionIsInNoRoom() {
        assertEquals(List.of(), session.rooms());
        assertEquals(0, session.roomCount());
        assertFalse(session.inRoom("lobby"));
        assertFalse(session.removeRoom("lobby"));
    }

    @Test
    void roomsAreKeptInTheOrderTheyWereJoined() {
        session.addRoom("lobby");
        session.addRoom("dev");
        session.addRoom("ops");

        assertEquals(List.of("lobby", "dev", "ops"), session.rooms());
        assertEquals(3, session.roomCount());
        assertTrue(session.inRoom("dev"));
    }

    @Test
    void leavingARoomKeepsTheOthersInOrder() {
        session.addRoom("lobby");
        session.addRoom("dev");
        session.addRoom("ops");

        assertTrue(session.removeRoom("dev"));
        assertEquals(List.of("lobby", "ops"), session.rooms());
        assertTrue(session.removeRoom("lobby"));
        assertEquals(List.of("ops"), session.rooms());
        assertFalse(session.removeRoom("lobby"), "a room left already");
        assertTrue(session.removeRoom("ops"));
        assertEquals(List.of(), session.rooms());
        assertFalse(session.inRoom("ops"));
    }

    @Test
    void theRoomsGivenOutDoNotChangeWithTheSession() {
        session.addRoom("lobby");
        List<String> before = session.rooms();

        session.addRoom("dev");
        session.removeRoom("lobby");

        assertEquals(List.of("lobby"), before);
    }
}
