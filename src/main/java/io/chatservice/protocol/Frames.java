package io.chatservice.protocol;

import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.history.Appended;
import io.chatservice.history.Draft;
import io.chatservice.history.Kept;
import io.chatservice.history.Page;

/**
 * Builds outbound frames and encodes each one to its JSON text once; that text is what every recipient is sent.
 * Ids are random ({@link FrameIds}): they say nothing of a frame's order or of how many there were (offsets give a
 * stream's order), and frames of different replicas do not collide.
 */
@Singleton
public class Frames {

    /** The {@code from_user} of frames from the service itself: a name no user can have. */
    public static final String SERVICE = "*";

    /** How many names a presence frame's {@code info} spells out; {@code users} has them all. */
    static final int NAMES_IN_INFO = 10;

    private static final String TS_FIELD = "\",\"ts\":";
    private static final String CHANGE_OFFSET_FIELD = ",\"change_offset\":";

    private final ObjectMapper mapper;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A chat message without its offset and epoch, which its stream gives it ({@link Draft}): the frame is encoded
     * once here and completed by whoever keeps it.
     */
    public Draft draft(String room, String fromUser, String toUser, String info) {
        return draft(room, fromUser, toUser, info, false);
    }

    /** @param byBackend the application's backend sent it through the server API: the frame says so */
    public Draft draft(String room, String fromUser, String toUser, String info, boolean byBackend) {
        return MessageDraft.of(nextId(), System.currentTimeMillis(), room, fromUser, toUser, info, byBackend);
    }

    /**
     * A change of a kept message, without its own offset and epoch, which its stream gives it as to a message: an
     * {@code edited} frame with the new text, or a {@code deleted} one. {@code message_id} and {@code offset} name
     * the message; the change's own place in the stream goes in {@code change_offset}, spliced in as a message's
     * offset is.
     *
     * @param fromUser who made the change: the author, or {@link #SERVICE} for the backend (then {@code server})
     * @param info the new text; null for a delete
     */
    public Draft change(String room, String fromUser, String toUser, String messageId, long messageOffset,
            String info, boolean byBackend) {
        boolean delete = info == null;
        Builder b = new Builder(delete ? FrameType.DELETED : FrameType.EDITED).room(room).from(fromUser).to(toUser)
                .info(info);
        b.messageId = messageId;
        b.offset = messageOffset;
        b.server = byBackend ? Boolean.TRUE : null;
        String id = nextId();
        long ts = System.currentTimeMillis();
        String json = encode(b, id, ts);
        int cut = json.indexOf(TS_FIELD) + TS_FIELD.length() + Long.toString(ts).length();
        return new Draft(id, json.substring(0, cut) + CHANGE_OFFSET_FIELD, json.substring(cut));
    }

    /** A text as a JSON string literal, quotes included: what replaces an edited message's {@code info}. */
    public String literal(String text) {
        try {
            return mapper.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a string", e);
        }
    }

    /** The answer to a message that carried a {@code cid}: it is kept, and sent or queued for its offline addressee. */
    public String ack(String cid, Appended appended, String room, String toUser) {
        Kept kept = appended.kept();
        String status = appended.queued() ? "queued" : "sent";
        Builder b = new Builder(FrameType.ACK).room(room).from(SERVICE).to(toUser).info(status);
        b.cid = cid;
        b.messageId = kept.id();
        b.offset = kept.offset();
        b.epoch = kept.epoch();
        b.status = status;
        return encode(b);
    }

    /** The answer to any other frame that carried a {@code cid}: it took effect. */
    public String done(String cid) {
        Builder b = new Builder(FrameType.ACK).from(SERVICE).info("done");
        b.cid = cid;
        b.status = "done";
        return encode(b);
    }

    /**
     * Closes a run of a stream's history: a room's newest messages on joining, a page back, or a recovery
     * ({@code recovered} non-null).
     *
     * @param count the messages just sent
     */
    public String history(String room, String withUser, Page page, int count, Boolean recovered) {
        String info;
        if (recovered == null) {
            info = count + (count == 1 ? " earlier message" : " earlier messages");
        } else if (recovered) {
            info = "recovered " + count + (count == 1 ? " missed message" : " missed messages");
        } else {
            info = "could not recover what was missed (history lost or too far back): load the history again";
        }
        Builder b = new Builder(FrameType.HISTORY).room(room).from(SERVICE).info(info);
        b.withUser = withUser;
        b.epoch = page.epoch();
        b.offset = page.latest();
        b.count = count;
        b.recovered = recovered;
        return encode(b);
    }

    /**
     * Closes the run of a mailbox's messages, sent to a private connection as it opens: the private messages kept
     * while its user was offline, of any conversations ({@code offset} and {@code epoch} are each message's own).
     */
    public String mailbox(String user, int count) {
        Builder b = new Builder(FrameType.HISTORY).from(SERVICE).to(user)
                .info(count + (count == 1 ? " message" : " messages") + " kept for you while you were offline");
        b.mailbox = Boolean.TRUE;
        b.count = count;
        return encode(b);
    }

    /**
     * A receipt to a private message's sender: its addressee {@code fromUser}'s client has the message
     * ({@link FrameType#DELIVERED}) or has shown it ({@link FrameType#READ}).
     *
     * @param offset the message's offset in the conversation, if the client said it
     */
    public String receipt(FrameType type, String messageId, Long offset, String fromUser, String toUser) {
        Builder b = new Builder(type).from(fromUser).to(toUser).info(type.wire());
        b.messageId = messageId;
        b.offset = offset;
        return encode(b);
    }

    /**
     * {@code fromUser} is typing in {@code room}, or to {@code toUser} (on the private channel); for the connections
     * that asked for typing notices only.
     */
    public String typing(String room, String toUser, String fromUser) {
        return encode(new Builder(FrameType.TYPING).room(room).from(fromUser).to(toUser).info("is typing"));
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

    /** A user's first connection arrived in a room, which has {@code count} members now (null: not known). */
    public String join(String room, String user, Integer count) {
        Builder b = new Builder(FrameType.JOIN).room(room).from(user).info("joined " + room);
        b.count = count;
        return encode(b);
    }

    /** A user's last connection left a room, which has {@code count} members now (null: not known). */
    public String leave(String room, String user, Integer count) {
        Builder b = new Builder(FrameType.LEAVE).room(room).from(user).info("left " + room);
        b.count = count;
        return encode(b);
    }

    /**
     * Several comings and goings in a room, gathered over one notify interval.
     *
     * @param joined who came, at most the list cap of them; {@code joinedCount} says how many there were
     * @param count the room's members now, null when not known
     */
    public String changes(String room, Integer count, List<String> joined, int joinedCount, List<String> left,
            int leftCount) {
        StringBuilder info = new StringBuilder();
        if (joinedCount > 0) {
            info.append(names(joined, joinedCount)).append(" joined ").append(room);
        }
        if (leftCount > 0) {
            info.append(info.isEmpty() ? "" : "; ").append(names(left, leftCount)).append(" left ").append(room);
        }
        if (count != null) {
            info.append(" (").append(count).append(count == 1 ? " member)" : " members)");
        }
        Builder b = new Builder(FrameType.CHANGES).room(room).from(SERVICE).info(info.toString());
        b.count = count;
        b.joined = joined;
        b.left = left;
        b.joinedCount = joinedCount;
        b.leftCount = leftCount;
        return encode(b);
    }

    /** A large room's comings and goings: its count alone, not who came and went. */
    public String changes(String room, int count) {
        Builder b = new Builder(FrameType.CHANGES).room(room).from(SERVICE)
                .info(count + (count == 1 ? " member" : " members") + " in " + room + " now");
        b.count = count;
        return encode(b);
    }

    /** Who is on the private channel right now (the private connection's presence frame). */
    public String presence(String room, List<String> users) {
        return encode(new Builder(FrameType.PRESENCE).room(room).from(SERVICE).users(users)
                .info((room == null ? "online: " : "in " + room + ": ") + names(users)));
    }

    /** Who is in a room as a connection enters it: the count, and the first page of names. */
    public String presence(String room, MemberPage page) {
        Builder b = new Builder(FrameType.PRESENCE).room(room).from(SERVICE).users(page.users())
                .info("in " + room + ": " + names(page.users(), page.count()));
        b.count = page.count();
        b.next = page.next();
        return encode(b);
    }

    /** The answer to {@code members}: a page of a room's members. */
    public String members(String room, MemberPage page) {
        Builder b = new Builder(FrameType.MEMBERS).room(room).from(SERVICE).users(page.users())
                .info(page.users().isEmpty() ? "no more members of " + room
                        : "members of " + room + ": " + String.join(", ", page.users()));
        b.count = page.count();
        b.next = page.next();
        return encode(b);
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

    /** The user's private messages are refused from now on, and none of them is kept. */
    public String blocked(String user) {
        return encode(new Builder(FrameType.BLOCKED).from(SERVICE).user(user)
                .info("you get no private messages from " + user + " now"));
    }

    /** The answer to {@code watch}: the names watched now, and those of them online, as they spell themselves. */
    public String watching(List<String> users, List<String> online) {
        Builder b = new Builder(FrameType.WATCHING).from(SERVICE).users(users)
                .info(online.isEmpty() ? "watching " + users.size() + ", none online" : "online: " + names(online));
        b.online = online;
        return encode(b);
    }

    /** The answer to {@code lookup}: a page of online users whose names begin with the prefix. */
    public String users(String prefix, List<String> users, String next) {
        Builder b = new Builder(FrameType.USERS).from(SERVICE).users(users)
                .info(users.isEmpty() ? "nobody online" + (prefix.isEmpty() ? "" : " begins with " + prefix)
                        : "online: " + names(users));
        b.prefix = prefix;
        b.next = next;
        return encode(b);
    }

    public String unblocked(String user) {
        return encode(new Builder(FrameType.UNBLOCKED).from(SERVICE).user(user)
                .info(user + " can send you private messages again"));
    }

    public String released(String user) {
        return encode(new Builder(FrameType.RELEASED).from(SERVICE).user(user)
                .info("the name " + user + " is free once you leave"));
    }

    public String error(ProtocolException e) {
        Builder b = new Builder(FrameType.ERROR).room(e.room()).from(SERVICE).to(e.toUser()).info(e.reason());
        b.code = e.code();
        b.retryAfterMs = e.retryAfterMs();
        b.cid = e.cid();
        return encode(b);
    }

    /**
     * A page's messages marked as history, oldest first, closed by its {@link #history} frame; nothing at all for an
     * empty page that answers no recovery, such as a newcomer's to a room with no history (the seed's clients print
     * every frame).
     */
    public List<String> historyRun(String room, String withUser, Page page, Boolean recovered) {
        if (page.messages().isEmpty() && recovered == null && room != null) {
            return List.of();
        }
        List<String> run = new java.util.ArrayList<>(page.messages().size() + 1);
        for (Kept kept : page.messages()) {
            run.add(kept.asHistory());
        }
        run.add(history(room, withUser, page, page.messages().size(), recovered));
        return run;
    }

    static String names(List<String> users) {
        return names(users, users.size());
    }

    /** The first few of {@code users}, and how many more of {@code total} there are. */
    static String names(List<String> users, int total) {
        List<String> shown = users.size() <= NAMES_IN_INFO ? users : users.subList(0, NAMES_IN_INFO);
        return total > shown.size() ? String.join(", ", shown) + " and " + (total - shown.size()) + " more"
                : String.join(", ", shown);
    }

    private static String nextId() {
        return FrameIds.next();
    }

    private String encode(Builder b) {
        return encode(b, nextId(), System.currentTimeMillis());
    }

    private String encode(Builder b, String id, long ts) {
        OutboundFrame frame = new OutboundFrame(b.type, id, ts, b.offset, b.epoch, b.room, b.fromUser, b.toUser, b.user,
                b.info, b.code, b.key, b.users, b.retryAfterMs, b.cid, b.messageId, b.status, b.count, b.recovered,
                b.mailbox, b.withUser, b.prefix, b.online, b.next, b.joined, b.left, b.joinedCount, b.leftCount, b.server, b.edited, b.deleted);
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
        String room, fromUser, toUser, user, info, key, cid, messageId, status, epoch, withUser, prefix, next;
        ErrorCode code;
        List<String> users, online, joined, left;
        Long retryAfterMs, offset;
        Integer count, joinedCount, leftCount;
        Boolean recovered, mailbox, server, edited, deleted;

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
