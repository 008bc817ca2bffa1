package io.chatservice.cluster.redis;

/** The Redis channel names of the message path. Pub/sub channels are global, whatever database a URI selects. */
final class Channels {

    /** Every node with private-chat connections: presence on the private channel. */
    static final String PRIVATE = "chat:private";

    /** Every node: bans, mutes and kicks ({@code RedisModeration}). */
    static final String MODERATION = "chat:moderation";

    private static final String ROOM = "chat:room:";
    private static final String NODE = "chat:node:";

    private Channels() {
    }

    /** Every node with members in the room. */
    static String room(String name) {
        return ROOM + name;
    }

    /** One node: private messages for users connected there. */
    static String node(String id) {
        return NODE + id;
    }
}
