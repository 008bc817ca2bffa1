package io.chatservice.bench.server;

import java.util.List;
import java.util.function.IntFunction;

/**
 * How to start one server under test. The seed's tutorial has two programs, one per channel, so a spec names a command
 * for the group channel and one for the private channel (the same for the others).
 *
 * @param seedPaths the server knows only the seed's paths and keys connections by user name (one per name)
 * @param jvm the server is a JVM whose heap can be read with jcmd
 * @param keyedNames the server greets every connection it admits with a {@code welcome} frame carrying the name's key,
 *        and lets a further connection under a name in use in only with that key ({@code ?key=}); the others parse
 *        the path strictly or ignore its query, so they are sent none
 */
public record ServerSpec(String name, IntFunction<List<String>> groupCommand, IntFunction<List<String>> privateCommand,
        boolean seedPaths, boolean jvm, boolean keyedNames) {

    public ServerSpec(String name, IntFunction<List<String>> groupCommand, IntFunction<List<String>> privateCommand,
            boolean seedPaths, boolean jvm) {
        this(name, groupCommand, privateCommand, seedPaths, jvm, false);
    }

    public List<String> command(Channel channel, int port) {
        return channel == Channel.GROUP ? groupCommand.apply(port) : privateCommand.apply(port);
    }

    /** The same program serves both channels. */
    public ServerSpec withPrivateSameAsGroup() {
        return new ServerSpec(name, groupCommand, groupCommand, seedPaths, jvm, keyedNames);
    }

    /** The server holds names by key: see {@link #keyedNames()}. */
    public ServerSpec withKeyedNames() {
        return new ServerSpec(name, groupCommand, privateCommand, seedPaths, jvm, true);
    }

    /** Which of a server's programs a scenario needs. */
    public enum Channel {
        GROUP, PRIVATE
    }
}
