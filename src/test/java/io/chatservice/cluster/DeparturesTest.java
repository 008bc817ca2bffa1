package io.chatservice.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.contract.RecordingEvents;
import io.chatservice.core.Change;
import io.chatservice.core.Changed;
import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Outgoing;
import io.chatservice.core.RoomChange;
import io.chatservice.core.Scope;
import io.chatservice.core.Target;
import io.chatservice.history.Appended;
import io.chatservice.protocol.Frames;

/** What a broker's presence tells when it finds users gone with a node, whatever the broker. Plain JUnit. */
class DeparturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Frames FRAMES = new Frames(JSON);

    private final RecordingEvents events = new RecordingEvents();
    private final Published published = new Published();

    @Test
    void eachRoomHearsItsLeaveAndTheWatchersOfAUserGoneFromThePrivateChannelHearTheirs() {
        Departures departures = new Departures(published, FRAMES, true, events);

        departures.announce(List.of(new Departure(Scope.room("lobby"), "ann"),
                new Departure(Scope.PRIVATE_CHANNEL, "bob"))).toCompletableFuture().join();

        assertEquals(List.of(new Sent(Target.roomChange("lobby"), RoomChange.left("ann")),
                new Sent(Target.watchers("bob"), "leave from bob")), published.sent());
        assertEquals(List.of("offline bob"), events.told);
    }

    @Test
    void withPresenceNotPublicTheChatHearsAUserOfflineButNobodyOnThePrivateChannelDoes() {
        Departures departures = new Departures(published, FRAMES, false, events);

        departures.announce(List.of(new Departure(Scope.PRIVATE_CHANNEL, "bob"),
                new Departure(Scope.room("lobby"), "bob"))).toCompletableFuture().join();

        assertEquals(List.of(new Sent(Target.roomChange("lobby"), RoomChange.left("bob"))), published.sent());
        assertEquals(List.of("offline bob"), events.told);
    }

    @Test
    void vacatedRoomsAreToldToTheChat() {
        new Departures(published, FRAMES, true, events).vacated(List.of("lobby", "attic"));

        assertEquals(List.of("vacated lobby", "vacated attic"), events.told);
    }

    /** A published envelope's target, and its frame: as given, or a chat frame's type and sender. */
    private record Sent(Target target, String frame) {

        static Sent of(Envelope envelope) {
            if (!envelope.frame().startsWith("{")) {
                return new Sent(envelope.target(), envelope.frame());
            }
            try {
                JsonNode frame = JSON.readTree(envelope.frame());
                String what = frame.path("type").asText() + " from " + frame.path("from_user").asText();
                return new Sent(envelope.target(), what);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A message path that keeps what it was asked to publish. */
    private static final class Published implements Delivery {

        private final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(Envelope envelope) {
            sent.add(Sent.of(envelope));
            return DONE;
        }

        List<Sent> sent() {
            return List.copyOf(sent);
        }

        @Override
        public CompletionStage<Appended> append(Outgoing message) {
            throw new UnsupportedOperationException("departures publish leaves only");
        }

        @Override
        public CompletionStage<Changed> change(Change change) {
            throw new UnsupportedOperationException("departures publish leaves only");
        }

        @Override
        public CompletionStage<Void> follow(String room) {
            return DONE;
        }

        @Override
        public void unfollow(String room) {
        }
    }
}
