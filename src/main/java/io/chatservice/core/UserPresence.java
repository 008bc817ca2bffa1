package io.chatservice.core;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A user who is online, with how many connections (tabs, devices) they have open. */
@RegisterForReflection
public record UserPresence(String name, int connections) {
}
