package io.chatservice.bench.server;

import java.util.List;
import java.util.function.IntFunction;

/**
 * How to start one server under test. The seed's tutorial has two programs, one per channel, so a spec names a command
 * for the group channel and one for the private channel (the same for the others).
 *
 * @param seedPaths the server knows only the seed's paths and keys connections by user name (one per name)
 * @param jvm the server is a JVM whose heap can be read with jcmd
 */
public record ServerSpec(String name, IntFunction<List<String>> groupCommand, IntFunction<List<String>> privateCommand,
        boolean seedPaths, boolean jvm) {

    public List<String> command(Channel channel, int port) {
        return channel == Channel.GROUP ? groupCommand.apply(port) : privateCommand.apply(port);
    }

    /** The same program serves both channels. */
    public ServerSpec withPrivateSameAsGroup() {
        return new ServerSpec(name, groupCommand, groupCommand, seedPaths, jvm);
    }

    /** Which of a server's programs a scenario needs. */
    public enum Channel {
        GROUP, PRIVATE
    }
}
