package io.chatservice.protocol;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds outbound frames and encodes each one to its JSON text once; that text is what every recipient is sent.
 * Ids are unique per service instance and increase in the order frames are made: a random instance prefix and a
 * counter, so that replicas never collide.
 */
@Singleton
public class Frames {

    static final String JOINED = "joined";
    static final String LEFT = "left";

    private final ObjectMapper mapper;
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String message(String room, String fromUser, String toUser, String info) {
        return encode(FrameType.MESSAGE, room, fromUser, toUser, info, null, null);
    }

    /** A user's first connection arrived in a room, or on the private channel when room is null. */
    public String join(String room, String user) {
        return encode(FrameType.JOIN, room, user, null, JOINED, null, null);
    }

    /** A user's last connection left a room, or the private channel when room is null. */
    public String leave(String room, String user) {
        return encode(FrameType.LEAVE, room, user, null, LEFT, null, null);
    }

    /** Who is in a room (or on the private channel when room is null) right now. */
    public String presence(String room, List<String> users) {
        return encode(FrameType.PRESENCE, room, null, null, null, null, users);
    }

    public String error(ProtocolException e) {
        return encode(FrameType.ERROR, e.room(), null, e.toUser(), e.reason(), e.code(), null);
    }

    private String encode(FrameType type, String room, String fromUser, String toUser, String info, ErrorCode code,
            List<String> users) {
        OutboundFrame frame = new OutboundFrame(type, idPrefix + Long.toString(sequence.incrementAndGet(), 36),
                System.currentTimeMillis(), room, fromUser, toUser, info, code, users);
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            // Only strings, numbers and lists of strings: Jackson cannot fail on these.
            throw new IllegalStateException("cannot encode " + type + " frame", e);
        }
    }
}
