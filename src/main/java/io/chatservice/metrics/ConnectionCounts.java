package io.chatservice.metrics;

import io.chatservice.protocol.ChatChannel;

/**
 * How many connections each channel has now, read by the {@code chat.connections} gauges. An interface, so that
 * the meters stay below the connection registry that answers it.
 */
public interface ConnectionCounts {

    int connectionCount(ChatChannel channel);
}
