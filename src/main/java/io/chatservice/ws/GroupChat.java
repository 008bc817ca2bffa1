package io.chatservice.ws;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.MessageChanges;
import io.chatservice.core.HistoryReads;
import io.chatservice.core.Presence;
import io.chatservice.core.RoomMessages;
import io.chatservice.core.Rooms;
import io.chatservice.core.Scope;
import io.chatservice.core.Sender;
import io.chatservice.core.Stages;
import io.chatservice.delivery.Catchups;
import io.chatservice.delivery.Replies;
import io.chatservice.history.Page;
import io.chatservice.history.Position;
import io.chatservice.core.StreamKey;
import io.chatservice.limits.RoomOpenings;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.metrics.Refusal;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.MemberPage;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.JoinOutcome;
import io.chatservice.registry.LeaveOutcome;

/**
 * What a group connection does: it joins rooms, leaves them, and says things in them. A connection opens in the room
 * of its path (the default room for the seed's path) and can join more; a message without a room goes to the
 * connection's first room. Who else is in a room, and whether a user arrives or leaves, is the cluster's answer
 * ({@link Presence}); this node's registry holds its own connections, to which a fan-out goes.
 */
@Singleton
public class GroupChat implements ChatHandler {

    static final Set<String> FIELDS = Set.of(InboundParser.TYPE, InboundParser.FROM_USER, InboundParser.INFO,
            InboundParser.ROOM, InboundParser.CID, InboundParser.EPOCH, InboundParser.OFFSET, InboundParser.AFTER,
            InboundParser.LIMIT, InboundParser.MESSAGE_ID);

    /** Longest {@code after} a {@code members} frame takes: a page's {@code next} is a name, of 32 characters at most. */
    static final int MAX_AFTER = 64;

    private static final CompletionStage<Page> NO_PAGE = java.util.concurrent.CompletableFuture.completedFuture(Page.NONE);

    private final Replies replies;
    private final ConnectionRegistry registry;
    private final Presence presence;
    private final Rooms rooms;
    private final InputRules rules;
    private final Frames frames;
    private final ChatConfig config;
    private final ChatMetrics metrics;
    private final HistoryReads history;
    private final Catchups catchups;
    private final RoomOpenings openings;
    private final FrameTable table;
    private final RoomMessages messages;
    private final MessageChanges changes;

    public GroupChat(Replies replies, ConnectionRegistry registry, Presence presence, Rooms rooms,
            InputRules rules, Frames frames, ChatConfig config, ChatMetrics metrics, HistoryReads history,
            Catchups catchups, RoomOpenings openings, RoomMessages messages, TypingNotices typing,
            MessageChanges changes) {
        this.messages = messages;
        this.changes = changes;
        this.openings = openings;
        this.history = history;
        this.catchups = catchups;
        this.replies = replies;
        this.registry = registry;
        this.presence = presence;
        this.rooms = rooms;
        this.rules = rules;
        this.frames = frames;
        this.config = config;
        this.metrics = metrics;
        this.table = FrameTable.of("group")
                .on(InboundMessage.MESSAGE, this::say)
                .on(InboundMessage.JOIN, (session, message, receivedAt) -> join(session, requireRoom(message),
                        Positions.of(message), true, receivedAt))
                .on(InboundMessage.LEAVE, (session, message, receivedAt) -> leave(session, requireRoom(message)))
                .on(InboundMessage.MEMBERS, (session, message, receivedAt) -> members(session, message))
                .on(InboundMessage.TYPING, typing::inRoom)
                .on(InboundMessage.EDIT, (session, message, receivedAt) -> change(session, message, true, receivedAt))
                .on(InboundMessage.DELETE, (session, message, receivedAt) -> change(session, message, false,
                        receivedAt))
                .build();
    }

    @Override
    public ChatChannel channel() {
        return ChatChannel.GROUP;
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }

    /** The connection opens in the room of its path, or the default room on the seed's path. */
    @Override
    public CompletionStage<Void> opened(ChatSession session) throws ProtocolException {
        String named = session.connection().pathParam("room");
        Position seen;
        try {
            seen = Positions.fromQuery(session.connection().handshakeRequest().query());
        } catch (ProtocolException e) {
            replies.error(session, e); // told, and given the room's recent history instead
            seen = null;
        }
        // A room is the folded form of its name (Admission checked the path's): /groupchat/alice/Lobby enters lobby.
        // Admission took the opening of this room from the connection's budgets (RoomOpenings) before its welcome.
        return join(session, named == null ? NameForms.fold(config.rooms().defaultRoom()) : rules.checkRoom(named),
                seen, false, 0);
    }

    @Override
    public FrameTable table() {
        return table;
    }

    @Override
    public void closed(ChatSession session) {
        for (String room : session.rooms()) {
            left(session, room, registry.leaveRoom(session, room)).thenAccept(last -> {
                if (last) {
                    rooms.departed(room, session.user());
                }
            });
        }
    }

    private CompletionStage<Void> say(ChatSession session, InboundMessage message, long receivedAt)
            throws ProtocolException {
        String room = message.room();
        if (room == null) {
            List<String> rooms = session.rooms();
            if (rooms.isEmpty()) {
                throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "join a room first");
            }
            room = rooms.get(0);
        } else if (!session.inRoom(room)) {
            String named = NameForms.fold(room); // "Dev" is the room dev
            if (!session.inRoom(named)) {
                throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + room + "'; join it first",
                        room);
            }
            room = named;
        }
        String text = rules.requireText(message.info());
        String inRoom = room;
        // Appends from one connection keep their order on their way, so the next frame need not wait for this one.
        return Stages.then(messages.say(Sender.user(session.user(), session.identity()), room, text, message.cid(),
                receivedAt), session.eventLoop(), posted -> {
                    replies.acknowledge(session, message.cid(), posted.appended(), inRoom, null);
                    return Stages.DONE;
                });
    }

    /**
     * An {@code edit} or {@code delete} of one of the user's own messages in a room the connection is in; its
     * {@code cid} is answered {@code done} once the change is kept and published.
     */
    private CompletionStage<Void> change(ChatSession session, InboundMessage message, boolean edit, long receivedAt)
            throws ProtocolException {
        String room = requireRoom(message);
        if (!session.inRoom(room)) {
            throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + room + "'; join it first",
                    room);
        }
        String id = MessageChanges.requireMessage(message);
        String text = edit ? rules.requireText(message.info()) : null;
        return changes.inRoom(Sender.user(session.user(), session.identity()), room, id, message.offset(), text,
                receivedAt).thenApply(kept -> null);
    }

    /**
     * Enters the room, then: the presence frame, the room's history (what the client missed since {@code seen}, or
     * the newest messages), and the join notice to the room. Live frames for the connection wait until its history
     * is sent ({@link Catchups}). With {@code countsOpening}, entering a room nobody is in on this node takes from
     * the connection's budgets of opening rooms ({@link RoomOpenings}), as it can bring a new history into being.
     */
    private CompletionStage<Void> join(ChatSession session, String room, Position seen, boolean countsOpening,
            long receivedAt) throws ProtocolException {
        catchups.hold(session);
        long[] retryAfterMs = { 0 };
        JoinOutcome outcome = registry.joinRoom(session, room, config.limits().maxRoomsPerConnection(),
                () -> !countsOpening
                        || (retryAfterMs[0] = openings.take(session.address(), session.user(), receivedAt)) == 0);
        if (session.isClosing()) {
            // Evicted while joining: the eviction may have missed this room.
            catchups.abandon(session);
            left(session, room, registry.leaveRoom(session, room));
            return Stages.DONE;
        }
        if (outcome == JoinOutcome.ROOM_LIMIT) {
            catchups.abandon(session);
            throw ProtocolException.aboutRoom(ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + config.limits().maxRoomsPerConnection() + " rooms", room);
        }
        if (outcome == JoinOutcome.OPENING_LIMIT) {
            catchups.abandon(session);
            metrics.refused(Refusal.ROOM_JOIN_RATE);
            throw ProtocolException.retryLaterInRoom(ErrorCode.RATE_LIMITED,
                    "you are opening rooms too fast; wait a moment", room, retryAfterMs[0]);
        }
        if (outcome == JoinOutcome.ALREADY_IN) {
            catchups.abandon(session);
        }
        Scope scope = Scope.room(room);
        StreamKey stream = StreamKey.room(room);
        // Messages to the room must reach this node before the joiner is told it is in.
        CompletionStage<Boolean> entered = rooms.enter(room, session.user(), outcome == JoinOutcome.NEW_ROOM,
                outcome.firstOfUser(), session.eventLoop());
        CompletionStage<Void> joined = Stages.then(entered, session.eventLoop(), isFirst -> {
                // Asked at once, and both answered before the client is told anything: a refusal after the
                // presence frame would leave it thinking it is in.
                CompletionStage<MemberPage> members = presence.members(scope, null, config.presence().listMax());
                boolean hasHistory = outcome == JoinOutcome.ALREADY_IN; // and gets the room live already
                CompletionStage<Page> read = hasHistory ? NO_PAGE : read(stream, seen);
                return Stages.then(members, session.eventLoop(),
                        users -> Stages.then(read, session.eventLoop(), page -> {
                            replies.reply(session, frames.presence(room, users));
                            if (hasHistory) {
                                return Stages.DONE;
                            }
                            catchups.finish(session, stream, page.latest(),
                                    frames.historyRun(room, null, page, seen == null ? null : page.recovered()));
                            if (isFirst) {
                                rooms.arrived(room, session.user());
                            }
                            return Stages.DONE;
                        }));
            });
        if (Stages.succeeded(joined)) {
            return joined;
        }
        return joined.whenComplete((done, failure) -> {
            if (failure != null) {
                // Not in the room for the cluster, so not in it here either: the client may try again.
                session.eventLoop().execute(() -> {
                    if (outcome != JoinOutcome.ALREADY_IN) {
                        catchups.abandon(session);
                    }
                    left(session, room, registry.leaveRoom(session, room));
                });
            }
        });
    }

    /** What a joining connection is sent of the room's history. */
    private CompletionStage<Page> read(StreamKey stream, Position seen) {
        if (seen != null) {
            return history.after(stream, seen, config.history().maxRecovery());
        }
        return history.latest(stream, config.history().onJoin());
    }

    private CompletionStage<Void> leave(ChatSession session, String room) throws ProtocolException {
        if (!session.inRoom(room)) {
            throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + room + "'", room);
        }
        String frame = frames.leave(room, session.user());
        catchups.forget(session, StreamKey.room(room));
        // Out of the room here whatever the cluster answers: a leave that Redis missed is settled when it is back.
        CompletionStage<Boolean> everywhere = left(session, room, registry.leaveRoom(session, room))
                .exceptionally(failure -> false);
        return Stages.then(everywhere, session.eventLoop(), last -> {
            if (last) {
                rooms.departed(room, session.user());
            }
            // The connection is out of the room now, so it is told directly.
            replies.reply(session, frame);
            return Stages.DONE;
        });
    }

    /**
     * A page of the members of a room the connection is in: {@code limit} (default and at most
     * {@code chat.presence.list-max}) names after {@code after}, in name order, with the room's count.
     */
    private CompletionStage<Void> members(ChatSession session, InboundMessage message) throws ProtocolException {
        String room = requireRoom(message);
        if (!session.inRoom(room)) {
            throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + room + "'; join it first",
                    room);
        }
        int listMax = config.presence().listMax();
        Long limit = message.limit();
        if (limit != null && (limit < 1 || limit > listMax)) {
            throw ProtocolException.aboutRoom(ErrorCode.INVALID_FIELD,
                    "'limit' must be a whole number from 1 to " + listMax, room);
        }
        String after = message.after();
        if (after != null && (after.isEmpty() || after.length() > MAX_AFTER)) {
            throw ProtocolException.aboutRoom(ErrorCode.INVALID_FIELD,
                    "'after' must be the 'next' of a page: a name of 1 to " + MAX_AFTER + " characters", room);
        }
        return Stages.then(presence.members(Scope.room(room), after, limit == null ? listMax : limit.intValue()),
                session.eventLoop(), page -> {
                    replies.reply(session, frames.members(room, page));
                    return Stages.DONE;
                });
    }

    /** After a leave on this node: whether the user has thereby left the room everywhere. */
    private CompletionStage<Boolean> left(ChatSession session, String room, LeaveOutcome outcome) {
        return rooms.leave(room, session.user(), outcome == LeaveOutcome.ROOM_EMPTY, outcome.lastOfUser());
    }

    private String requireRoom(InboundMessage message) throws ProtocolException {
        String room = message.room();
        if (room == null) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM, "'room' is required to join, leave, list members, edit or delete");
        }
        try {
            return rules.checkRoom(room);
        } catch (ProtocolException e) {
            throw ProtocolException.aboutRoom(e.code(), e.reason(), room);
        }
    }
}
