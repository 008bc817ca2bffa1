package io.chatservice.delivery;

import io.chatservice.registry.ChatSession;

/**
 * A CDI event: a connection fell too far behind and is being closed. Its channel takes it out of the registry at
 * once, because the close itself can take as long as the stalled reader does.
 */
public record SlowConsumerEvicted(ChatSession session) {
}
