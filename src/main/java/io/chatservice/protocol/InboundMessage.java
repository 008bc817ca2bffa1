package io.chatservice.protocol;

import java.util.List;

/**
 * A client frame after parsing. {@code from_user}, when a client sends it, is read and dropped: the sender is always
 * the connection's own user. Fields the frame did not carry are null.
 *
 * @param cid the client's own id for the frame, answered in its {@code ack} or error
 * @param epoch with {@code offset}: where the client was in a stream (a join's room, a {@code history} frame's
 *        conversation), to recover what it missed
 * @param before a {@code history} frame's paging bound: messages with lower offsets
 * @param withUser a {@code history} frame's conversation partner
 * @param messageId a receipt's message
 * @param user the name a {@code block} or {@code unblock} frame is about
 * @param users the names a {@code watch} frame is about
 * @param prefix what the names a {@code lookup} looks for begin with
 * @param after where a page of names goes on from: the {@code next} of the page before
 * @param mode how a {@code watch} changes the names watched: {@code replace} (the default), {@code add}, {@code remove}
 */
public record InboundMessage(String type, String toUser, String info, String room, String cid, String epoch,
        Long offset, Long before, Long limit, String withUser, String messageId, String user, List<String> users,
        String prefix, String after, String mode) {

    public static final String MESSAGE = "message";
    public static final String JOIN = "join";
    public static final String LEAVE = "leave";
    /** Keep the connection's name for its key after the connection closes. */
    public static final String CLAIM = "claim";
    /** Give such a claim up. */
    public static final String RELEASE = "release";
    /** Some of a stream's history: a page back, or what the client missed. */
    public static final String HISTORY = "history";
    /** Receipts of a private message, to its sender. */
    public static final String RECEIVED = "received";
    public static final String READ = "read";
    /** Refuse a user's private messages from now on, or take such a refusal back. */
    public static final String BLOCK = "block";
    public static final String UNBLOCK = "unblock";
    /** Whose presence a private connection hears: their state now, and each change after. */
    public static final String WATCH = "watch";
    /** A page of the online users whose names begin with a prefix. */
    public static final String LOOKUP = "lookup";
    /** A page of a room's members. */
    public static final String MEMBERS = "members";
    /** The user is typing in a room or to someone: never kept or acknowledged. */
    public static final String TYPING = "typing";
    /** A new text for one of the user's own kept messages, or its removal. */
    public static final String EDIT = "edit";
    public static final String DELETE = "delete";

    public InboundMessage(String type, String toUser, String info, String room, String cid, String epoch,
            Long offset, Long before, Long limit, String withUser, String messageId, String user) {
        this(type, toUser, info, room, cid, epoch, offset, before, limit, withUser, messageId, user, null, null, null,
                null);
    }

    public InboundMessage(String type, String toUser, String info, String room) {
        this(type, toUser, info, room, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The seed's clients send no type: a frame without one is a chat message. */
    public String typeOrDefault() {
        return type == null ? MESSAGE : type;
    }
}
