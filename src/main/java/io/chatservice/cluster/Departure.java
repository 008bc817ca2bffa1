package io.chatservice.cluster;

import io.chatservice.core.Scope;

/** A user gone from a scope on every node: found by a broker when a node died, stopped or rebuilt its entries. */
public record Departure(Scope scope, String user) {
}
