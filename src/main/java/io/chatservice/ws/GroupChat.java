package io.chatservice.ws;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.event.Observes;
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
import io.chatservice.registry.Channel;
import io.chatservice.registry.ChatSession;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.SessionEvicted;
import io.chatservice.registry.JoinOutcome;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * What a group connection does: it joins rooms, leaves them, and says things in them. A connection opens in the room
 * of its path (the default room for the seed's path) and can join more; a message without a room goes to the
 * connection's first room.
 */
@Singleton
public class GroupChat implements ChannelHandler {

    static final Set<String> FIELDS = Set.of(InboundParser.TYPE, InboundParser.FROM_USER, InboundParser.INFO,
            InboundParser.ROOM);

    private final Sessions sessions;
    private final ConnectionRegistry registry;
    private final Delivery delivery;
    private final InboundParser parser;
    private final InputRules rules;
    private final Frames frames;
    private final ChatConfig config;
    private final ChatMetrics metrics;

    public GroupChat(Sessions sessions, ConnectionRegistry registry, Delivery delivery, InboundParser parser,
            InputRules rules, Frames frames, ChatConfig config, ChatMetrics metrics) {
        this.sessions = sessions;
        this.registry = registry;
        this.delivery = delivery;
        this.parser = parser;
        this.rules = rules;
        this.frames = frames;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void open(WebSocketConnection connection) {
        String named = connection.pathParam("room");
        String room = named == null ? config.rooms().defaultRoom() : named;
        ChatSession session = sessions.admit(connection, Channel.GROUP, connection.pathParam("username"), room);
        if (session != null) {
            sessions.handle(session, () -> join(session, room));
        }
    }

    @Override
    public void receive(WebSocketConnection connection, String text) {
        ChatSession session = sessions.of(connection);
        if (session == null) {
            return;
        }
        long receivedAt = System.nanoTime();
        sessions.handle(session, () -> {
            InboundMessage message = parser.parse(text, FIELDS);
            switch (message.typeOrDefault()) {
                case InboundMessage.MESSAGE -> say(session, message, receivedAt);
                case InboundMessage.JOIN -> join(session, requireRoom(message));
                case InboundMessage.LEAVE -> leave(session, requireRoom(message));
                default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                        "type must be 'message', 'join' or 'leave' on a group connection");
            }
        });
    }

    @Override
    public void receiveBinary(WebSocketConnection connection) {
        sessions.rejectBinary(connection);
    }

    void onEvicted(@Observes SessionEvicted evicted) {
        if (evicted.session().channel() == Channel.GROUP) {
            close(evicted.session().connection());
        }
    }

    @Override
    public void close(WebSocketConnection connection) {
        ChatSession session = sessions.forget(connection);
        if (session == null) {
            return;
        }
        for (String room : session.rooms()) {
            if (registry.leaveRoom(session, room)) {
                delivery.publish(new Envelope(Target.room(room), frames.leave(room, session.user())));
            }
        }
        registry.close(session);
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
        metrics.received(Channel.GROUP);
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
        sessions.reply(session, frames.presence(room, registry.roomUsers(room)));
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
        sessions.reply(session, frame);
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
