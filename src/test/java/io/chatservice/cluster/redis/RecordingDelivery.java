package io.chatservice.cluster.redis;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.core.Delivery;
import io.chatservice.core.Envelope;
import io.chatservice.core.Target;

/** A node's message path that only records what the node published. */
final class RecordingDelivery implements Delivery {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A published frame, read back: its type, room (null on the private channel), user, and where it went. */
    record Published(String type, String room, String user, Target target) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<Void> publish(Envelope envelope) {
        if (envelope.target() instanceof Target.RoomChange change) {
            // +user or -user, which each node turns into its notices
            String event = envelope.frame();
            published.add(new Published(event.startsWith("+") ? "join" : "leave", change.room(), event.substring(1),
                    envelope.target()));
            return DONE;
        }
        try {
            JsonNode frame = JSON.readTree(envelope.frame());
            published.add(new Published(frame.path("type").asText(), frame.hasNonNull("room") ? frame.get("room").asText() : null,
                    frame.path("from_user").asText(), envelope.target()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return DONE;
    }

    /** Presence records only notices: a kept message is refused, as it never comes from the presence path. */
    @Override
    public CompletionStage<io.chatservice.history.Appended> append(io.chatservice.core.Outgoing message) {
        throw new UnsupportedOperationException("presence publishes notices only");
    }

    @Override
    public CompletionStage<io.chatservice.core.Changed> change(io.chatservice.core.Change change) {
        throw new UnsupportedOperationException("presence publishes notices only");
    }

    @Override
    public CompletionStage<Void> follow(String room) {
        return DONE;
    }

    @Override
    public void unfollow(String room) {
    }

    List<Published> published() {
        return List.copyOf(published);
    }
}
