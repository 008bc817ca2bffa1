package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.chatservice.core.UserLookup;

/**
 * What this node has told Redis about itself: its entries (scope tag and user) and its connections per user. It is
 * what a rebuild writes back. Not thread-safe: used only under {@link StateConnection#inOrder}.
 */
final class NodeEntries {

    private final Set<String> entries = new LinkedHashSet<>();
    private final Map<String, Integer> connections = new HashMap<>();

    void enter(String tag, String user) {
        entries.add(tag + "\n" + user);
    }

    void leave(String tag, String user) {
        entries.remove(tag + "\n" + user);
    }

    /** @return the user's connections on this node now */
    int connected(String user, int delta) {
        Integer now = connections.merge(user, delta, Integer::sum);
        if (now <= 0) {
            connections.remove(user);
            return 0;
        }
        return now;
    }

    /** The arguments of {@link PresenceScripts#REBUILD}. */
    List<String> rebuildArgs(String node, long epoch) {
        List<String> args = new ArrayList<>(3 + 3 * entries.size() + 3 * connections.size());
        args.add(node);
        args.add(String.valueOf(epoch));
        args.add(String.valueOf(entries.size()));
        for (String entry : entries) {
            int cut = entry.indexOf('\n');
            String tag = entry.substring(0, cut), user = entry.substring(cut + 1);
            args.add(tag);
            args.add(user);
            args.add(PresenceScripts.form(tag, user));
        }
        connections.forEach((user, count) -> {
            args.add(user);
            args.add(String.valueOf(count));
            args.add(UserLookup.key(user));
        });
        return args;
    }
}
