package io.chatservice.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.chatservice.protocol.MemberPage;

/**
 * The sessions of a room (or of the private channel, or of one user), grouped by user so that a user with several
 * tabs arrives once and leaves once. Reads take an immutable array without locking, which is what a fan-out walks;
 * changes copy it, and are rare next to reads. The users are kept in name order ({@link MemberPage#ORDER}), so that a
 * page of them costs its own length, not the room's.
 */
final class Members {

    private static final ChatSession[] NONE = new ChatSession[0];

    private volatile ChatSession[] sessions = NONE;
    private final NavigableMap<String, Integer> tabsByUser = new TreeMap<>(MemberPage.ORDER);

    /** @return true if this is the user's first session here */
    synchronized boolean add(ChatSession session) {
        ChatSession[] current = sessions;
        ChatSession[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = session;
        sessions = next;
        return tabsByUser.merge(session.user(), 1, Integer::sum) == 1;
    }

    /** @return true if this was the user's last session here; false also when the session was not here */
    synchronized boolean remove(ChatSession session) {
        ChatSession[] current = sessions;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == session) {
                ChatSession[] next = new ChatSession[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                sessions = next;
                return tabsByUser.merge(session.user(), -1, (a, b) -> a + b == 0 ? null : a + b) == null;
            }
        }
        return false;
    }

    ChatSession[] sessions() {
        return sessions;
    }

    synchronized boolean isEmpty() {
        return tabsByUser.isEmpty();
    }

    synchronized int userCount() {
        return tabsByUser.size();
    }

    /** At most {@code limit} users after {@code after} (from the first when null), in name order. */
    synchronized MemberPage page(String after, int limit) {
        NavigableMap<String, Integer> from = after == null ? tabsByUser : tabsByUser.tailMap(after, false);
        List<String> users = new ArrayList<>(Math.min(limit + 1, from.size()));
        for (String user : from.keySet()) {
            if (users.size() > limit) {
                break;
            }
            users.add(user);
        }
        return MemberPage.of(tabsByUser.size(), users, limit);
    }
}
