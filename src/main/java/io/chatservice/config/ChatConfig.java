package io.chatservice.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The service's own settings, under {@code chat.*}. Every key is listed with its default in docs/settings.md.
 */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    Limits limits();

    Rooms rooms();

    Delivery delivery();

    Shutdown shutdown();

    Drain drain();

    Liveness liveness();

    Identity identity();

    Security security();

    Http http();

    /**
     * Where the cluster's shared state and cross-node messages live: {@code memory} (this process alone) or
     * {@code redis} (every node that uses the same Redis, at {@code quarkus.redis.hosts}, is one chat service).
     */
    @WithDefault("memory")
    BrokerKind broker();

    Cluster cluster();

    History history();

    Offline offline();

    Api api();

    Presence presence();

    Messages messages();

    Typing typing();

    Moderation moderation();

    Webhooks webhooks();

    interface Messages {
        /** How long after sending it a user may edit or delete their own message; the server API may at any time. */
        @WithDefault("15m")
        Duration editWindow();
    }

    interface Typing {
        /** At most one typing notice per connection and target (a room, an addressee) per this; extra ones are dropped. */
        @WithDefault("2s")
        Duration interval();
    }

    interface Moderation {
        /** The longest ban the server API sets; a ban without a duration lasts this long. */
        @WithDefault("365d")
        Duration maxBan();

        /** The longest mute in a room the server API sets; a mute without a duration lasts this long. */
        @WithDefault("365d")
        Duration maxMute();
    }

    interface Webhooks {
        /** Where the service POSTs its events (user.online, message.queued, ...); none by default: no events are sent. */
        java.util.Optional<String> url();

        /** The secret the events are signed with (HMAC-SHA256); required when {@code url} is set. */
        java.util.Optional<String> secret();

        /** How long one attempt may take, from connecting to the end of the answer's headers. */
        @WithDefault("5s")
        Duration timeout();

        /** Attempts per event, the first included; after the last failed one the event is dropped and counted. */
        @WithDefault("8")
        int maxAttempts();

        /** The pause before the first retry; each further one doubles it, with random jitter (half to all of it). */
        @WithDefault("1s")
        Duration backoff();

        /** Events accepted and not yet delivered or given up, at most; above it new events are dropped and counted. */
        @WithDefault("10000")
        int maxPending();

        /** Requests in flight at once; events about one user or one room go one after the other. */
        @WithDefault("16")
        int maxInFlight();

        /** At shutdown, how long pending events may still go out before the rest are dropped. */
        @WithDefault("2s")
        Duration shutdownGrace();
    }

    interface Presence {
        /**
         * Whether who is online is anyone's to see: {@code GET /api/users} and {@code /api/rooms}, and the private
         * channel's presence frame and its join and leave notices. Off: the listings need a server API key, and the
         * private channel tells a user of no one but themselves. Rooms always show their members to each other.
         */
        @WithName("public")
        @WithDefault("true")
        boolean isPublic();

        /** How many names one private connection may watch ({@code watch}). */
        @WithDefault("200")
        int maxWatch();

        /**
         * How many names a room's presence frame, a page of members and a page of online users hold at most: the
         * rest are paged on request.
         */
        @WithDefault("100")
        int listMax();

        /** A room hears its comings and goings at most once this often: several in one interval share a frame. */
        @WithDefault("1s")
        Duration notifyInterval();

        /** Above this many members, a room hears only its count change, not who came and went. */
        @WithDefault("1000")
        int notifyMaxMembers();
    }

    interface Api {
        /**
         * The keys the application's backend and operators present to the server API, as
         * {@code Authorization: Bearer <key>} (e.g. from {@code CHAT_API_KEYS}, comma-separated). None by default:
         * then every endpoint that needs one answers 403.
         */
        java.util.Optional<java.util.List<String>> keys();

        /**
         * In {@code jwt} mode, the role a token must carry (in {@link #roleClaim()}) to call the server API as a
         * backend, beside the keys. None by default: tokens are not accepted.
         */
        java.util.Optional<String> tokenRole();

        /** The token claim that holds the caller's roles: a string or an array of strings. */
        @WithDefault("groups")
        String roleClaim();

        /** Server API calls one caller (a key, a token's subject) may make per second on average, on each node. */
        @WithDefault("50")
        double rate();

        /** Server API calls one caller may make at once above that rate. */
        @WithDefault("200")
        int burst();
    }

    interface History {
        /**
         * Messages kept per room and per private conversation, newest first; older ones are dropped. 0 keeps none:
         * messages still get offsets, but no newcomer, recovery or page sees earlier ones.
         */
        @WithDefault("500")
        int size();

        /** A stream nobody wrote to for this long is dropped whole. */
        @WithDefault("7d")
        Duration ttl();

        /** How many of a room's recent messages a newcomer receives right after the presence frame; 0: none. */
        @WithDefault("50")
        int onJoin();

        /**
         * The most messages a reconnecting client is sent to catch up in one stream; a client that missed more gets
         * {@code recovered: false} and fetches history instead.
         */
        @WithDefault("300")
        int maxRecovery();

        /** The most messages one page of history holds (REST {@code limit}, a {@code history} frame's {@code limit}). */
        @WithDefault("100")
        int maxPage();

        /** How long a message's {@code cid} is remembered, so that a resend with it is not delivered twice. */
        @WithDefault("5m")
        Duration cidWindow();

        /**
         * With {@code chat.broker=memory}: the heap all streams' history may take together; past it the streams least
         * recently written or read are dropped whole. Unset: a quarter of the heap ({@link MemoryBudgets}); 0: no
         * budget.
         */
        java.util.Optional<MemorySize> maxMemory();

        /**
         * A room nobody is in (on any node) and nobody wrote to for this long has its history dropped, before the
         * ttl; 0: kept until the ttl.
         */
        @WithDefault("10m")
        Duration emptyRoomGrace();
    }

    interface Offline {
        /**
         * In {@code jwt} mode, how long after a user's last connection private messages are still kept for them
         * (in {@code names} mode, for as long as the name is claimed).
         */
        @WithDefault("7d")
        Duration retention();

        /** Private messages kept for one offline user at most; past it the sender is told the mailbox is full. */
        @WithDefault("1000")
        int maxMessages();

        /**
         * Messages one stranger (a sender the user never wrote to) may have in the user's mailbox at once; {@code 0}:
         * no limit per stranger.
         */
        @WithDefault("20")
        int maxFromStranger();

        /**
         * The share of {@code max-messages} that all strangers together may fill, from 0 to 1, so that there is
         * always room for the people the user writes to; {@code 0} (or {@code 1}): no such share.
         */
        @WithDefault("0.5")
        double strangerShare();

        /**
         * With {@code chat.broker=memory}: the heap all mailboxes' letters may take together; past it a private
         * message to an offline user is refused ({@code MAILBOX_FULL}) rather than a kept letter dropped. Unset: a
         * tenth of the heap ({@link MemoryBudgets}); 0: no budget.
         */
        java.util.Optional<MemorySize> maxMemory();
    }

    interface Limits {
        /** Largest accepted {@code info} text, in UTF-8 bytes. */
        @WithDefault("4096")
        int maxTextBytes();

        /** Longest accepted username, in characters. */
        @WithDefault("32")
        int maxUsernameLength();

        /** Longest accepted room name, in characters. */
        @WithDefault("64")
        int maxRoomLength();

        /** How many rooms one group connection may be in at once. */
        @WithDefault("20")
        int maxRoomsPerConnection();

        /** Open connections one name may have, on both channels together (tabs, devices); 0: no limit. */
        @WithDefault("10")
        int maxConnectionsPerUser();

        /**
         * Open connections from one client address (behind a proxy, the forwarded one: see docs/operations.md); 0: no
         * limit. An office behind one NAT shares an address, hence the generous default.
         */
        @WithDefault("200")
        int maxConnectionsPerAddress();

        /**
         * Open connections this node takes; past it an upgrade gets 503 (a browser: an error frame and 1008).
         * Below the process's file descriptor limit, so that the service can still answer; 0: no limit.
         */
        @WithDefault("18000")
        int maxConnections();

        /** WebSocket upgrades one client address may make per second, on average; 0: no limit. */
        @WithDefault("20")
        double upgradeRatePerAddress();

        /** How many upgrades one address may make at once above that rate (a page opens two). */
        @WithDefault("50")
        int upgradeBurstPerAddress();

        /**
         * Tokens one client address may spend on the REST API ({@code /api/*}) per second, on average: a presence
         * call costs one, a history page one and one more per 25 messages it may hold. Counted per node; 0: no limit.
         */
        @WithDefault("20")
        double restRatePerAddress();

        /** How many tokens one address may spend at once above that rate. */
        @WithDefault("60")
        int restBurstPerAddress();

        /** Frames one connection may send per second, on average (messages, joins, leaves); 0: no limit. */
        @WithDefault("10")
        double messageRate();

        /** How many frames one connection may send at once above that rate. */
        @WithDefault("30")
        int messageBurst();

        /** Frames one name may send per second over all its connections; 0: no limit. */
        @WithDefault("20")
        double userMessageRate();

        /** How many frames one name may send at once above that rate, over all its connections. */
        @WithDefault("60")
        int userMessageBurst();

        /**
         * Refused frames in a row after which a connection that goes on sending past its limits is closed (1008): a
         * person who meets the limit pauses, a script does not; 0: never closed for it.
         */
        @WithDefault("30")
        int floodCloseAfter();

        /**
         * Names one user may block at once ({@code block} frames); past it the user gets {@code TOO_MANY_BLOCKS}; 0: no
         * limit.
         */
        @WithDefault("1000")
        int maxBlocks();

        /**
         * Bytes of message text (UTF-8, and 256 a message) one client address may send per second over all its
         * connections, on average: what one address can make the service keep; 0: no limit. An office of a few
         * hundred people chatting sends a few KB a second.
         */
        @WithDefault("65536")
        long addressTextRate();

        /** Bytes of message text one address may send at once above that rate (a burst of pasted logs). */
        @WithDefault("524288")
        long addressTextBurst();

        /**
         * Names one client address may claim in a day (24 hours from its first claim); a renewed claim of a name
         * already claimed does not count. Over the whole cluster with {@code chat.broker=redis}. 0: any number.
         */
        @WithDefault("20")
        int claimsPerAddress();

        /** Claimed names this node keeps at most (claims made through it); 0: any number. */
        @WithDefault("100000")
        int maxClaims();

        /**
         * Rooms one client address may open on this node per minute, on average, over all its connections and names:
         * a room is opened when a connection enters it (by its path or a {@code join}) while it has no member on the
         * node. It bounds how many rooms, and so histories, one address can bring into being; 0: no limit.
         */
        @WithDefault("60")
        double roomJoinsPerAddress();

        /** How many rooms one address may open at once above that rate (a whole office reconnecting). */
        @WithDefault("100")
        int roomJoinBurstPerAddress();

        /** Rooms one name may open on this node per minute, on average, over all its connections; 0: no limit. */
        @WithDefault("20")
        double roomJoinsPerUser();

        /** How many rooms one name may open at once above that rate (a page rejoining its rooms). */
        @WithDefault("50")
        int roomJoinBurstPerUser();
    }

    interface Identity {
        /**
         * {@code names}: a name is held by the key its first connection was given; {@code jwt}: connections carry a
         * JWT and the name is its subject (or {@link #nameClaim()}).
         */
        @WithDefault("names")
        IdentityMode mode();

        /** How long a claimed name stays reserved for its key after its last connection closed. */
        @WithDefault("30d")
        Duration claimTtl();

        /** In {@code jwt} mode, the token claim that names the user. */
        @WithDefault("sub")
        String nameClaim();
    }

    interface Security {
        /**
         * Origins whose pages may open a WebSocket: {@code self} (this service's own origin, as the request names
         * it), exact origins such as {@code https://chat.example.com}, {@code *} for any, and {@code null} for pages
         * opened from a file. A request without {@code Origin} is not from a browser and is let through.
         */
        @WithDefault("self")
        java.util.List<String> allowedOrigins();
    }

    interface Rooms {
        /** The room of the seed's single group chat: where {@code /groupchat/{username}} lands. */
        @WithDefault("lobby")
        String defaultRoom();
    }

    interface Delivery {
        /**
         * Bytes of frames that one connection's socket has not taken yet. A connection seen over this budget for
         * {@link #stallTimeout()} is closed with 4008; any connection is closed at 16 times this, so that no reader
         * can grow the heap without bound. Frames to many recipients share their bytes, so this is an upper bound of
         * what the connection holds.
         */
        @WithDefault("1M")
        MemorySize maxPendingBytes();

        /**
         * How long a connection may stay over its budget before its reader counts as stalled. A reader that is only
         * briefly behind, in a burst, catches up within it and is left alone.
         */
        @WithDefault("10s")
        Duration stallTimeout();
    }

    interface Shutdown {
        /**
         * How long shutdown waits for the close frames (1001) of open connections to leave when there was no
         * {@code quarkus.shutdown.delay} to send them in.
         */
        @WithDefault("5s")
        Duration closeTimeout();
    }

    interface Drain {
        /**
         * On SIGTERM, the connections are sent away (1001) in small batches spread evenly over this window, so that
         * their clients do not all reconnect to the other nodes in the same instant. It ends within
         * {@code quarkus.shutdown.delay} less a second (a longer window is cut to that); 0 sends every connection away
         * at once.
         */
        @WithDefault("4s")
        Duration window();

        /**
         * The shortest pause between two batches: a node with few connections sends one away per pause, a node with
         * many sends several, so that a drain is a handful of timer ticks rather than one per connection.
         */
        @WithDefault("50ms")
        Duration minInterval();
    }

    interface Liveness {
        /**
         * A connection whose peer has sent nothing for this long is pinged, at each check while it stays silent.
         * Pings keep NAT and proxy mappings alive, and a live peer's pong shows it is there.
         */
        @WithDefault("30s")
        Duration pingInterval();

        /**
         * A connection whose peer has sent nothing, not even a pong to the server's pings, for this long is closed
         * with 4002 and leaves the registry: a dead peer behind a NAT never sends a FIN.
         */
        @WithDefault("75s")
        Duration timeout();

        /** How often connections are checked, and the silent ones pinged. */
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

    interface Cluster {
        /**
         * A node that has not told Redis it is alive for this long is dead: its users leave every other node's
         * presence, rooms hear them leave, and its name holds count no more. At most 15 s, or a killed node's
         * users would linger; the heartbeat runs five times as often.
         */
        @WithDefault("10s")
        Duration nodeTimeout();

        /**
         * How long this node may be cut off from Redis before readiness goes DOWN. A blip takes no pod out of its
         * load balancer, and the nodes' grace ends at different instants, as each lost Redis at its own.
         */
        @WithDefault("20s")
        Duration readinessGrace();

        /** A room's channel is dropped this long after its last member on this node left, so that churn costs nothing. */
        @WithDefault("5s")
        Duration unsubscribeDelay();

        /** How long a command to Redis may take before the frame that needed it is answered {@code UNAVAILABLE}. */
        @WithDefault("3s")
        Duration commandTimeout();

        /** The node's name in Redis; unique in the cluster. Default: the host name and a random suffix. */
        java.util.Optional<String> nodeId();
    }
}
