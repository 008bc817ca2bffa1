package io.chatservice.core;

import java.util.Set;

/**
 * Where a private message must go: the nodes that hold private-chat connections of its addressee and of its sender
 * (whose other tabs show the conversation too). Only live nodes are named.
 */
public record Route(Set<String> toNodes, Set<String> fromNodes) {

    /** Whether the addressee has a private-chat connection on any live node. */
    public boolean reachable() {
        return !toNodes.isEmpty();
    }
}
