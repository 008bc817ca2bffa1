package io.chatservice.bench.client;

/**
 * The members a client child process holds, from the first arguments every such process takes: {@code HOST PORT FIRST
 * COUNT SOURCE SEED_PATHS}. Member i is user {@code u(FIRST+i)}, connecting from the loopback address SOURCE.
 */
record Share(String host, int port, int first, int count, String source, boolean seedPaths) {

    /** The number of arguments a share takes; a process's own come after them. */
    static final int ARGS = 6;

    static Share of(String[] args) {
        return new Share(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                args[4], Boolean.parseBoolean(args[5]));
    }

    String user(int i) {
        return "u" + (first + i);
    }
}
