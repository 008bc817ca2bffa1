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
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        String source = args[4];
        boolean seedPaths = Boolean.parseBoolean(args[5]);
        int holdSeconds = Integer.parseInt(args[6]);
        int openSeconds = Integer.parseInt(args[7]);
        boolean keyedNames = Boolean.parseBoolean(args[8]);
        try (LoadClient client = new LoadClient(1, List.of(source))) {
            // Rooms of ten: each join notice reaches few connections, as in a real service with many small rooms.
            List<Member> members = client.connect(host, port, count, i -> "u" + (first + i),
                    i -> seedPaths ? "/groupchat/u" + (first + i) : "/groupchat/u" + (first + i) + "/r" + ((first + i) / 10),
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
