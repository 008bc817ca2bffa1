package io.chatservice.cluster;

/**
 * Told of the changes of presence that are decided for the whole cluster, once each, by whichever node decided it:
 * a user's first and last connection on the private channel anywhere, a room's first member and its last. A reap of
 * a dead node or a clean stop counts as the leaves it means. Called on whatever thread learnt it; never blocks.
 */
public interface PresenceEvents {

    /** Nobody is told. */
    PresenceEvents NONE = new PresenceEvents() {
    };

    /** The user's first private connection anywhere: private messages to them are delivered, not kept. */
    default void online(String user) {
    }

    /** The user's last private connection anywhere closed: private messages to them are kept from now on. */
    default void offline(String user) {
    }

    /** The room's first member anywhere entered it. */
    default void occupied(String room) {
    }

    /** The room's last member anywhere left it. */
    default void vacated(String room) {
    }
}
