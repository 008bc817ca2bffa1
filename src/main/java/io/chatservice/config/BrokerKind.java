package io.chatservice.config;

/** Where the cluster's shared state and cross-node messages live ({@code chat.broker}). */
public enum BrokerKind {
    /** In this process: one node, needing nothing else. */
    MEMORY,
    /** In Redis: any number of nodes behave as one service. */
    REDIS
}
