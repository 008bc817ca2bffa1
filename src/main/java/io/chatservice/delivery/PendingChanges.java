package io.chatservice.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's comings and goings since its last notice, by user, in the order they came. What a user did twice in
 * opposite directions cancels out: who came and went within one interval (or went and came back) changed nothing
 * anyone needs to hear of. Not thread-safe: its owner guards it.
 */
final class PendingChanges {

    /** user -> true if they came, false if they went */
    private final Map<String, Boolean> net = new LinkedHashMap<>();

    void add(String user, boolean joined) {
        Boolean before = net.get(user);
        if (before == null) {
            net.put(user, joined);
        } else if (before != joined) {
            net.remove(user);
        }
    }

    boolean isEmpty() {
        return net.isEmpty();
    }

    /** What was gathered, which is then forgotten. */
    Gathered drain() {
        List<String> joined = new ArrayList<>();
        List<String> left = new ArrayList<>();
        net.forEach((user, came) -> (came ? joined : left).add(user));
        net.clear();
        return new Gathered(joined, left);
    }

    /** Who came and who went, each in the order they did. */
    record Gathered(List<String> joined, List<String> left) {

        int size() {
            return joined.size() + left.size();
        }
    }
}
