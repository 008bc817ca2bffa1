package io.chatservice.registry;

/**
 * A CDI event: the service is closing a connection it gave up on (a reader too slow, a peer that answers no pings).
 * Its channel takes it out of the registry at once, because the close itself can take as long as the peer does.
 */
public record SessionEvicted(ChatSession session) {
}
