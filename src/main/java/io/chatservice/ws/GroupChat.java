package io.chatservice.ws;

import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.delivery.Delivery;
import io.chatservice.delivery.Envelope;
import io.chatservice.delivery.Target;
import io.chatservice.metrics.ChatMetrics;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.Frames;
import io.chatservice.protocol.InboundMessage;
import io.chatservice.protocol.InboundParser;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ChatChannel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.JoinOutcome;

/**
 * What a group connection does: it joins rooms, leaves them, and says things in them. A connection opens in the room
 * of its path (the default room for the seed's path) and can join more; a message without a room goes to the
 * connection's first room.
 */
@Singleton
public class GroupChat implements ChatHandler {

    static final Set<String> FIELDS = Set.of(InboundParser.TYPE, InboundParser.FROM_USER, InboundParser.INFO,
            InboundParser.ROOM);

    private final Replies replies;
    private final ConnectionRegistry registry;
    private final Delivery delivery;
    private final InputRules rules;
    private final Frames frames;
    private final ChatConfig config;
    private final ChatMetrics metrics;

    public GroupChat(Replies replies, ConnectionRegistry registry, Delivery delivery, InputRules rules, Frames frames,
            ChatConfig config, ChatMetrics metrics) {
        this.replies = replies;
        this.registry = registry;
        this.delivery = delivery;
        this.rules = rules;
        this.frames = frames;
        this.config = config;
        this.metrics = metrics;
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
    public void opened(ChatSession session) throws ProtocolException {
        String named = session.connection().pathParam("room");
        join(session, named == null ? config.rooms().defaultRoom() : named);
    }

    @Override
    public void handle(ChatSession session, InboundMessage message, long receivedAt) throws ProtocolException {
        switch (message.typeOrDefault()) {
            case InboundMessage.MESSAGE -> say(session, message, receivedAt);
            case InboundMessage.JOIN -> join(session, requireRoom(message));
            case InboundMessage.LEAVE -> leave(session, requireRoom(message));
            default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "type must be 'message', 'join', 'leave', 'claim' or 'release' on a group connection");
        }
    }

    @Override
    public void closed(ChatSession session) {
        for (String room : session.rooms()) {
            if (registry.leaveRoom(session, room)) {
                delivery.publish(new Envelope(Target.room(room), frames.leave(room, session.user())));
            }
        }
    }

    private void say(ChatSession session, InboundMessage message, long receivedAt) throws ProtocolException {
        String room = message.room();
        if (room == null) {
            List<String> rooms = session.rooms();
            if (rooms.isEmpty()) {
                throw new ProtocolException(ErrorCode.NOT_IN_ROOM, "join a room first");
            }
            room = rooms.get(0);
        } else if (!session.inRoom(room)) {
            throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + room + "'; join it first", room);
        }
        String text = rules.requireText(message.info());
        metrics.received(ChatChannel.GROUP);
        delivery.publish(new Envelope(Target.room(room), frames.message(room, session.user(), null, text), receivedAt));
    }

    private void join(ChatSession session, String room) throws ProtocolException {
        JoinOutcome outcome = registry.joinRoom(session, room, config.limits().maxRoomsPerConnection());
        if (session.isClosing()) {
            // Evicted while joining: the eviction may have missed this room.
            registry.leaveRoom(session, room);
            return;
        }
        if (outcome == JoinOutcome.ROOM_LIMIT) {
            throw ProtocolException.aboutRoom(ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + config.limits().maxRoomsPerConnection() + " rooms", room);
        }
        replies.reply(session, frames.presence(room, registry.roomUsers(room)));
        if (outcome == JoinOutcome.FIRST_CONNECTION) {
            delivery.publish(new Envelope(Target.room(room), frames.join(room, session.user())));
        }
    }

    private void leave(ChatSession session, String room) throws ProtocolException {
        if (!session.inRoom(room)) {
            throw ProtocolException.aboutRoom(ErrorCode.NOT_IN_ROOM, "not in room '" + room + "'", room);
        }
        String frame = frames.leave(room, session.user());
        if (registry.leaveRoom(session, room)) {
            delivery.publish(new Envelope(Target.room(room), frame));
        }
        // The connection is out of the room now, so it is told directly.
        replies.reply(session, frame);
    }

    private String requireRoom(InboundMessage message) throws ProtocolException {
        String room = message.room();
        if (room == null) {
            throw new ProtocolException(ErrorCode.INVALID_ROOM, "'room' is required to join or leave");
        }
        try {
            rules.checkRoom(room);
        } catch (ProtocolException e) {
            throw ProtocolException.aboutRoom(e.code(), e.reason(), room);
        }
        return room;
    }

}
