package io.chatservice.registry;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A room that has members right now, and who they are (sorted). */
@RegisterForReflection
public record RoomPresence(String name, List<String> members) {
}
