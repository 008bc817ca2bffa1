package io.chatservice.config;

import java.time.Duration;

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
         * Frames queued to one connection and not yet written to its socket. A connection over this budget whose
         * frames have stopped being written for {@link #stallTimeout()} is closed with 4008; any connection is closed
         * at 16 times this, so that no reader can grow the heap without bound. Defaults to {@code 1024}.
         */
        @WithDefault("1024")
        int maxPendingFrames();

        /**
         * How long a connection over its budget may go without a frame being written before its reader counts as
         * stalled. A reader that is merely behind a busy service sees its frames written and is left alone.
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
         * A connection whose peer has sent nothing, not even a pong to the server's pings
         * ({@code quarkus.websockets-next.server.auto-ping-interval}), for this long is closed with 4002 and leaves
         * the registry: a dead peer behind a NAT never sends a FIN. Defaults to {@code 75s}.
         */
        @WithDefault("75s")
        Duration timeout();

        /** How often connections are checked. Defaults to {@code 15s}. */
        @WithDefault("15s")
        Duration checkInterval();
    }
}
