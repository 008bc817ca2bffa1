package io.chatservice.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The service's own settings, under {@code chat.*}. Every key is listed with its default in the README.
 */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    Limits limits();

    Rooms rooms();

    Delivery delivery();

    Shutdown shutdown();

    Liveness liveness();

    Http http();

    interface Limits {
        /** Largest accepted {@code info} text, in UTF-8 bytes. Defaults to {@code 4096}. */
        @WithDefault("4096")
        int maxTextBytes();

        /** Longest accepted username, in characters. Defaults to {@code 32}. */
        @WithDefault("32")
        int maxUsernameLength();

        /** Longest accepted room name, in characters. Defaults to {@code 64}. */
        @WithDefault("64")
        int maxRoomLength();

        /** How many rooms one group connection may be in at once. Defaults to {@code 20}. */
        @WithDefault("20")
        int maxRoomsPerConnection();
    }

    interface Rooms {
        /** The room of the seed's single group chat: where {@code /groupchat/{username}} lands. Defaults to {@code lobby}. */
        @WithDefault("lobby")
        String defaultRoom();
    }

    interface Delivery {
        /**
         * Bytes of frames that one connection's socket has not taken yet. A connection seen over this budget for
         * {@link #stallTimeout()} is closed with 4008; any connection is closed at 16 times this, so that no reader
         * can grow the heap without bound. Frames to many recipients share their bytes, so this is an upper bound of
         * what the connection holds. Defaults to {@code 1M}.
         */
        @WithDefault("1M")
        MemorySize maxPendingBytes();

        /**
         * How long a connection may stay over its budget before its reader counts as stalled. A reader that is only
         * briefly behind, in a burst, catches up within it and is left alone.
         * Defaults to {@code 10s}.
         */
        @WithDefault("10s")
        Duration stallTimeout();
    }

    interface Shutdown {
        /**
         * How long shutdown waits for the close frames (1001) of open connections to leave when there was no
         * {@code quarkus.shutdown.delay} to send them in. Defaults to {@code 5s}.
         */
        @WithDefault("5s")
        Duration closeTimeout();
    }

    interface Liveness {
        /**
         * A connection whose peer has sent nothing for this long is pinged, at each check while it stays silent.
         * Pings keep NAT and proxy mappings alive, and a live peer's pong shows it is there. Defaults to {@code 30s}.
         */
        @WithDefault("30s")
        Duration pingInterval();

        /**
         * A connection whose peer has sent nothing, not even a pong to the server's pings, for this long is closed
         * with 4002 and leaves the registry: a dead peer behind a NAT never sends a FIN. Defaults to {@code 75s}.
         */
        @WithDefault("75s")
        Duration timeout();

        /** How often connections are checked, and the silent ones pinged. Defaults to {@code 15s}. */
        @WithDefault("15s")
        Duration checkInterval();
    }

    interface Http {
        /**
         * How long a client may take to send an HTTP request head (request line and headers): from opening the
         * connection, and on a kept-alive connection from the first bytes of each further request. A client that
         * takes longer, such as one that sends a header at a time to hold the connection (slowloris), is
         * disconnected. Time between requests, bodies and responses are not counted.
         */
        @WithDefault("10s")
        Duration headTimeout();
    }
}
