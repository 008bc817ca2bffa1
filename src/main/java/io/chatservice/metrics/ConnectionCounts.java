package io.chatservice.metrics;

import io.chatservice.protocol.ChatChannel;

/**
 * How many connections each channel has now, and has let in since the start, read by the {@code chat.connections}
 * gauges and the {@code chat.connections.opened} counters. An interface, so that the meters stay below the
 * connection registry that answers it.
 */
public interface ConnectionCounts {

    int connectionCount(ChatChannel channel);

    /** Connections admitted on the channel since the node started, closed ones included. */
    long openedCount(ChatChannel channel);
}
