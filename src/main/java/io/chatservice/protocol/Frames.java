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

    /** The {@code from_user} of frames from the service itself: a name no user can have. */
    public static final String SERVICE = "*";

    /** How many names a presence frame's {@code info} spells out; {@code users} has them all. */
    static final int NAMES_IN_INFO = 10;

    private final ObjectMapper mapper;
    private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36) + "-";
    private final AtomicLong sequence = new AtomicLong();

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String message(String room, String fromUser, String toUser, String info) {
        return encode(new Builder(FrameType.MESSAGE).room(room).from(fromUser).to(toUser).info(info));
    }

    /** A user's first connection arrived in a room, or on the private channel when room is null. */
    public String join(String room, String user) {
        return encode(new Builder(FrameType.JOIN).room(room).from(user)
                .info(room == null ? "is online" : "joined " + room));
    }

    /** A user's last connection left a room, or the private channel when room is null. */
    public String leave(String room, String user) {
        return encode(new Builder(FrameType.LEAVE).room(room).from(user)
                .info(room == null ? "went offline" : "left " + room));
    }

    /** Who is in a room (or on the private channel when room is null) right now. */
    public String presence(String room, List<String> users) {
        return encode(new Builder(FrameType.PRESENCE).room(room).from(SERVICE).users(users)
                .info((room == null ? "online: " : "in " + room + ": ") + names(users)));
    }

    /** The first frame of an admitted connection: who it is, and the key that proves it to the name's other connections. */
    public String welcome(String user, String key) {
        return encode(new Builder(FrameType.WELCOME).from(SERVICE).user(user).key(key).info("welcome, " + user));
    }

    /** The name is kept for its key after the connection closes, for {@code ttlDays}. */
    public String claimed(String user, long ttlDays) {
        return encode(new Builder(FrameType.CLAIMED).from(SERVICE).user(user)
                .info("the name " + user + " is kept for you for " + ttlDays + " days after you leave"));
    }

    /** In {@code jwt} mode a claim keeps nothing: the identity provider's token is what proves the name. */
    public String claimedByToken(String user) {
        return encode(new Builder(FrameType.CLAIMED).from(SERVICE).user(user)
                .info("the name " + user + " is yours by your token"));
    }

    public String released(String user) {
        return encode(new Builder(FrameType.RELEASED).from(SERVICE).user(user)
                .info("the name " + user + " is free once you leave"));
    }

    public String error(ProtocolException e) {
        Builder b = new Builder(FrameType.ERROR).room(e.room()).from(SERVICE).to(e.toUser()).info(e.reason());
        b.code = e.code();
        b.retryAfterMs = e.retryAfterMs();
        return encode(b);
    }

    static String names(List<String> users) {
        if (users.size() <= NAMES_IN_INFO) {
            return String.join(", ", users);
        }
        return String.join(", ", users.subList(0, NAMES_IN_INFO)) + " and " + (users.size() - NAMES_IN_INFO) + " more";
    }

    private String encode(Builder b) {
        OutboundFrame frame = new OutboundFrame(b.type, idPrefix + Long.toString(sequence.incrementAndGet(), 36),
                System.currentTimeMillis(), b.room, b.fromUser, b.toUser, b.user, b.info, b.code, b.key, b.users,
                b.retryAfterMs);
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            // Only strings, numbers and lists of strings: Jackson cannot fail on these.
            throw new IllegalStateException("cannot encode " + b.type + " frame", e);
        }
    }

    /** The fields of one frame, each set at most once; whatever is left null stays out of the JSON. */
    private static final class Builder {
        final FrameType type;
        String room, fromUser, toUser, user, info, key;
        ErrorCode code;
        List<String> users;
        Long retryAfterMs;

        Builder(FrameType type) {
            this.type = type;
        }

        Builder room(String room) {
            this.room = room;
            return this;
        }

        Builder from(String fromUser) {
            this.fromUser = fromUser;
            return this;
        }

        Builder to(String toUser) {
            this.toUser = toUser;
            return this;
        }

        Builder user(String user) {
            this.user = user;
            return this;
        }

        Builder info(String info) {
            this.info = info;
            return this;
        }

        Builder key(String key) {
            this.key = key;
            return this;
        }

        Builder users(List<String> users) {
            this.users = users;
            return this;
        }
    }
}
