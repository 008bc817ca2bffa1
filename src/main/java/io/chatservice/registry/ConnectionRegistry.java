package io.chatservice.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.chatservice.core.RoomPresence;
import io.chatservice.core.RoomsPage;
import io.chatservice.core.UserLookup;
import io.chatservice.core.UserPage;
import io.chatservice.core.UserPresence;
import io.chatservice.metrics.ConnectionCounts;
import io.chatservice.protocol.ChatChannel;
import io.chatservice.protocol.MemberPage;
import io.chatservice.protocol.NameForms;

/**
 * Who is online, on which connections, in which rooms: the one source of truth for both endpoints.
 * <p>
 * Callbacks of many connections reach it at once from several event-loop threads. Each change to a room or to a
 * user's private connections happens inside {@link ConcurrentHashMap#compute}, so creating a room, joining it and
 * dropping it when it empties cannot interleave. Reads for a fan-out are lock-free array reads.
 * <p>
 * Nothing here is walked whole for one connection or one request: the online users are kept in the order of their
 * folded names ({@link UserLookup#key}), so a page of them is a range; the private channel's users are found by form,
 * and so are the connections that watch a user.
 */
@ApplicationScoped
public class ConnectionRegistry implements ConnectionCounts {

    private static final ChatSession[] NONE = new ChatSession[0];

    private final ConcurrentHashMap<String, Members> rooms = new ConcurrentHashMap<>();
    /** The names of {@link #rooms}, in name order for paging; changed only where a room is created or dropped. */
    private final ConcurrentSkipListSet<String> roomNames = new ConcurrentSkipListSet<>(MemberPage.ORDER);
    private final ConcurrentHashMap<String, Members> privateByUser = new ConcurrentHashMap<>();
    /** {@link UserLookup#key} of each user online on either channel -> their connections. */
    private final ConcurrentSkipListMap<String, Integer> connectionsByUser = new ConcurrentSkipListMap<>();
    /** The form of each user on the private channel -> the user as they spell themselves. */
    private final ConcurrentHashMap<String, String> privateByForm = new ConcurrentHashMap<>();
    /** A form -> the private connections that watch it. */
    private final ConcurrentHashMap<String, ChatSession[]> watchersByForm = new ConcurrentHashMap<>();
    private final AtomicInteger[] connectionsByChannel = { new AtomicInteger(), new AtomicInteger() };
    private final AtomicLong[] openedByChannel = { new AtomicLong(), new AtomicLong() };

    /** Counts a newly opened connection as online. */
    public void open(ChatSession session) {
        connectionsByUser.merge(UserLookup.key(session.user()), 1, Integer::sum);
        connectionsByChannel[session.channel().ordinal()].incrementAndGet();
        openedByChannel[session.channel().ordinal()].incrementAndGet();
    }

    /** Forgets a closed connection once it has left its rooms and channel. */
    public void close(ChatSession session) {
        connectionsByUser.computeIfPresent(UserLookup.key(session.user()), (user, count) -> count == 1 ? null : count - 1);
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

    public long openedCount(ChatChannel channel) {
        return openedByChannel[channel.ordinal()].get();
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
            if (members == null) {
                roomNames.add(name);
            }
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
            if (empty) {
                roomNames.remove(name);
            }
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

    /** At most {@code limit} of the room's users after {@code after} (from the first when null), in name order. */
    public MemberPage roomMembers(String room, String after, int limit) {
        Members members = rooms.get(room);
        return members == null ? MemberPage.EMPTY : members.page(after, limit);
    }

    /** How many users are in the room on this node. */
    public int roomCount(String room) {
        Members members = rooms.get(room);
        return members == null ? 0 : members.userCount();
    }

    /** @return true if this is the user's first private-chat connection */
    public boolean joinPrivate(ChatSession session) {
        boolean[] first = new boolean[1];
        privateByUser.compute(session.user(), (user, members) -> {
            Members m = members == null ? new Members() : members;
            first[0] = m.add(session);
            if (members == null) {
                privateByForm.put(NameForms.userForm(user), user);
            }
            return m;
        });
        return first[0];
    }

    /** @return true if that was the user's last private-chat connection */
    public boolean leavePrivate(ChatSession session) {
        boolean[] last = new boolean[1];
        privateByUser.computeIfPresent(session.user(), (user, members) -> {
            last[0] = members.remove(session);
            if (members.isEmpty()) {
                privateByForm.remove(NameForms.userForm(user), user);
                return null;
            }
            return members;
        });
        return last[0];
    }

    /** The user on the private channel whose name has this form, as they spell it; null if nobody is. */
    public String privateUser(String form) {
        return privateByForm.get(form);
    }

    /** Whether a private message to this user can be delivered now. */
    public boolean isReachable(String user) {
        return privateByUser.containsKey(user);
    }

    public ChatSession[] privateSessions(String user) {
        Members members = privateByUser.get(user);
        return members == null ? NONE : members.sessions();
    }

    /** A page of the users online on either channel, with their connections on this node. */
    public UserPage onlineUsers(UserLookup lookup) {
        String from = lookup.from();
        String to = lookup.to("\uffff"); // no name holds U+FFFF, the highest char in String order
        if (to != null && from.compareTo(to) >= 0) {
            return new UserPage(List.of(), null);
        }
        ConcurrentNavigableMap<String, Integer> range = to == null ? connectionsByUser.tailMap(from, true)
                : connectionsByUser.subMap(from, true, to, false);
        List<UserPresence> users = new ArrayList<>(Math.min(lookup.limit(), 64));
        for (var entry : range.entrySet()) {
            if (users.size() == lookup.limit()) {
                return new UserPage(users, users.get(users.size() - 1).name());
            }
            users.add(new UserPresence(UserLookup.user(entry.getKey()), entry.getValue()));
        }
        return new UserPage(users, null);
    }

    /** From now on the connection hears of the user with this form; {@code name} is how it wrote them. */
    public void watch(ChatSession session, String form, String name) {
        if (!session.watched().has(form)) {
            watchersByForm.compute(form, (f, sessions) -> append(sessions, session));
        }
        session.watched().put(form, name);
    }

    /** The connection no longer hears of the user with this form. */
    public void unwatch(ChatSession session, String form) {
        if (session.watched().remove(form)) {
            watchersByForm.computeIfPresent(form, (f, sessions) -> without(sessions, session));
        }
    }

    /** The connection closed: it watches nobody. */
    public void unwatchAll(ChatSession session) {
        if (session.watches()) {
            for (String form : List.copyOf(session.watched().forms())) {
                unwatch(session, form);
            }
        }
    }

    /** The connections that watch the user: those watching any spelling of the user's form. */
    public ChatSession[] watchers(String user) {
        ChatSession[] sessions = watchersByForm.get(NameForms.userForm(user));
        return sessions == null ? NONE : sessions;
    }

    private static ChatSession[] append(ChatSession[] sessions, ChatSession session) {
        if (sessions == null) {
            return new ChatSession[] { session };
        }
        ChatSession[] next = Arrays.copyOf(sessions, sessions.length + 1);
        next[sessions.length] = session;
        return next;
    }

    /** The array without the session, or null (the form is dropped) when it was the last. */
    private static ChatSession[] without(ChatSession[] sessions, ChatSession session) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] == session) {
                if (sessions.length == 1) {
                    return null;
                }
                ChatSession[] next = new ChatSession[sessions.length - 1];
                System.arraycopy(sessions, 0, next, 0, i);
                System.arraycopy(sessions, i + 1, next, i, sessions.length - i - 1);
                return next;
            }
        }
        return sessions;
    }

    /**
     * At most {@code limit} rooms with members after {@code after} (from the first when null), in name order, each
     * with its count and its first {@code membersMax} users: the cost is the page's, not every room's.
     */
    public RoomsPage rooms(String after, int limit, int membersMax) {
        List<RoomPresence> page = new ArrayList<>(limit + 1);
        for (String name : after == null ? roomNames : roomNames.tailSet(after, false)) {
            if (page.size() > limit) {
                break;
            }
            room(name, membersMax).ifPresent(page::add); // absent: emptied meanwhile
        }
        return RoomsPage.of(page, limit);
    }

    public Optional<RoomPresence> room(String name, int membersMax) {
        Members members = rooms.get(name);
        if (members == null) {
            return Optional.empty();
        }
        MemberPage first = members.page(null, membersMax);
        return first.count() == 0 ? Optional.empty() : Optional.of(new RoomPresence(name, first.count(), first.users()));
    }
}
