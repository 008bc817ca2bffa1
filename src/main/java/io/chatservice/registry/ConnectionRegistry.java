package io.chatservice.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who is online, on which connections, in which rooms: the one source of truth for both endpoints.
 * <p>
 * Callbacks of many connections reach it at once from several event-loop threads. Each change to a room or to a
 * user's private connections happens inside {@link ConcurrentHashMap#compute}, so creating a room, joining it and
 * dropping it when it empties cannot interleave. Reads for a fan-out are lock-free array reads.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final ChatSession[] NONE = new ChatSession[0];

    private final ConcurrentHashMap<String, Members> rooms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Members> privateByUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> connectionsByUser = new ConcurrentHashMap<>();
    private final AtomicInteger[] connectionsByChannel = { new AtomicInteger(), new AtomicInteger() };

    /** Counts a newly opened connection as online. */
    public void open(ChatSession session) {
        connectionsByUser.merge(session.user(), 1, Integer::sum);
        connectionsByChannel[session.channel().ordinal()].incrementAndGet();
    }

    /** Forgets a closed connection once it has left its rooms and channel. */
    public void close(ChatSession session) {
        connectionsByUser.computeIfPresent(session.user(), (user, count) -> count == 1 ? null : count - 1);
        connectionsByChannel[session.channel().ordinal()].decrementAndGet();
    }

    /** Open connections on both channels. */
    public int connectionCount() {
        int all = 0;
        for (AtomicInteger count : connectionsByChannel) {
            all += count.get();
        }
        return all;
    }

    public int connectionCount(ChatChannel channel) {
        return connectionsByChannel[channel.ordinal()].get();
    }

    public JoinOutcome joinRoom(ChatSession session, String room, int maxRoomsPerConnection) {
        return joinRoom(session, room, maxRoomsPerConnection, () -> true);
    }

    /**
     * @param mayOpen asked, only when the room has no member on this node, whether the connection may open it; if
     *                not, nothing changes ({@link JoinOutcome#OPENING_LIMIT}). Asked while the room is being changed,
     *                so that no other connection opens it meanwhile without being asked itself.
     */
    public JoinOutcome joinRoom(ChatSession session, String room, int maxRoomsPerConnection, BooleanSupplier mayOpen) {
        if (session.inRoom(room)) {
            return JoinOutcome.ALREADY_IN;
        }
        if (session.roomCount() >= maxRoomsPerConnection) {
            return JoinOutcome.ROOM_LIMIT;
        }
        JoinOutcome[] outcome = new JoinOutcome[1];
        rooms.compute(room, (name, members) -> {
            if (members == null && !mayOpen.getAsBoolean()) {
                outcome[0] = JoinOutcome.OPENING_LIMIT;
                return null;
            }
            Members m = members == null ? new Members() : members;
            boolean first = m.add(session);
            outcome[0] = members == null ? JoinOutcome.NEW_ROOM
                    : first ? JoinOutcome.FIRST_CONNECTION : JoinOutcome.ANOTHER_CONNECTION;
            return m;
        });
        if (outcome[0] != JoinOutcome.OPENING_LIMIT) {
            session.addRoom(room);
        }
        return outcome[0];
    }

    public LeaveOutcome leaveRoom(ChatSession session, String room) {
        if (!session.removeRoom(room)) {
            return LeaveOutcome.NOT_IN;
        }
        LeaveOutcome[] outcome = { LeaveOutcome.NOT_IN };
        rooms.computeIfPresent(room, (name, members) -> {
            boolean last = members.remove(session);
            boolean empty = members.isEmpty();
            outcome[0] = empty ? LeaveOutcome.ROOM_EMPTY
                    : last ? LeaveOutcome.LAST_CONNECTION : LeaveOutcome.ANOTHER_CONNECTION;
            return empty ? null : members;
        });
        return outcome[0];
    }

    /** Whether the room has a member on this node. */
    public boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    public ChatSession[] roomSessions(String room) {
        Members members = rooms.get(room);
        return members == null ? NONE : members.sessions();
    }

    public List<String> roomUsers(String room) {
        Members members = rooms.get(room);
        return members == null ? List.of() : members.users();
    }

    /** @return true if this is the user's first private-chat connection */
    public boolean joinPrivate(ChatSession session) {
        boolean[] first = new boolean[1];
        privateByUser.compute(session.user(), (user, members) -> {
            Members m = members == null ? new Members() : members;
            first[0] = m.add(session);
            return m;
        });
        return first[0];
    }

    /** @return true if that was the user's last private-chat connection */
    public boolean leavePrivate(ChatSession session) {
        boolean[] last = new boolean[1];
        privateByUser.computeIfPresent(session.user(), (user, members) -> {
            last[0] = members.remove(session);
            return members.isEmpty() ? null : members;
        });
        return last[0];
    }

    /** Whether a private message to this user can be delivered now. */
    public boolean isReachable(String user) {
        return privateByUser.containsKey(user);
    }

    public ChatSession[] privateSessions(String user) {
        Members members = privateByUser.get(user);
        return members == null ? NONE : members.sessions();
    }

    /** Every private-chat connection; walked only for presence notices, which are rare next to messages. */
    public List<ChatSession> privateChannelSessions() {
        List<ChatSession> all = new ArrayList<>();
        privateByUser.values().forEach(members -> all.addAll(List.of(members.sessions())));
        return all;
    }

    /** The users reachable by private message, sorted. */
    public List<String> privateUsers() {
        List<String> users = new ArrayList<>(privateByUser.keySet());
        users.sort(null);
        return users;
    }

    public List<UserPresence> onlineUsers() {
        List<UserPresence> users = new ArrayList<>();
        connectionsByUser.forEach((name, count) -> users.add(new UserPresence(name, count)));
        users.sort((a, b) -> a.name().compareTo(b.name()));
        return users;
    }

    public List<RoomPresence> rooms() {
        List<RoomPresence> all = new ArrayList<>();
        rooms.forEach((name, members) -> all.add(new RoomPresence(name, members.users())));
        all.sort((a, b) -> a.name().compareTo(b.name()));
        return all;
    }

    public Optional<RoomPresence> room(String name) {
        Members members = rooms.get(name);
        return members == null ? Optional.empty() : Optional.of(new RoomPresence(name, members.users()));
    }
}
