package io.chatservice.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sessions of a room (or of the private channel, or of one user), grouped by user so that a user with several
 * tabs arrives once and leaves once. Reads take an immutable array without locking, which is what a fan-out walks;
 * changes copy it, and are rare next to reads.
 */
final class Members {

    private static final ChatSession[] NONE = new ChatSession[0];

    private volatile ChatSession[] sessions = NONE;
    private final Map<String, Integer> tabsByUser = new HashMap<>();

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

    synchronized List<String> users() {
        List<String> users = new ArrayList<>(tabsByUser.keySet());
        users.sort(null);
        return users;
    }
}
