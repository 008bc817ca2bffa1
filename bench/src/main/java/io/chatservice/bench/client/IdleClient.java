package io.chatservice.bench.client;

import java.util.List;

/**
 * A child process of the idle-capacity scenario: one process may hold at most as many connections as it may have
 * file descriptors, so the connections are spread over several of these, each from its own 127.0.0.x address.
 * <p>
 * Usage: {@code IdleClient HOST PORT FIRST COUNT SOURCE SEED_PATHS HOLD_SECONDS OPEN_SECONDS KEYED_NAMES}. Prints
 * {@code opened N} (with KEYED_NAMES, how many were welcomed), holds the connections, prints {@code open N} (how many
 * the server has not closed), and exits.
 */
public final class IdleClient {

    private IdleClient() {
    }

    public static void main(String[] args) throws Exception {
        Share share = Share.of(args);
        int holdSeconds = Integer.parseInt(args[Share.ARGS]);
        int openSeconds = Integer.parseInt(args[Share.ARGS + 1]);
        boolean keyedNames = Boolean.parseBoolean(args[Share.ARGS + 2]);
        try (LoadClient client = new LoadClient(1, List.of(share.source()))) {
            // Rooms of ten: each join notice reaches few connections, as in a real service with many small rooms.
            List<Member> members = client.connect(share.host(), share.port(), share.count(), share::user,
                    i -> "/groupchat/" + share.user(i) + (share.seedPaths() ? "" : "/r" + ((share.first() + i) / 10)),
                    keyedNames, openSeconds);
            System.out.println("opened " + members.size());
            System.out.flush();
            Thread.sleep(holdSeconds * 1000L);
            System.out.println("open " + members.stream().filter(m -> !m.isClosed()).count());
            System.out.flush();
        }
        System.exit(0);
    }
}
