package io.chatservice.core;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A room that has members right now: how many, and the first of them in name order (at most
 * {@code chat.presence.list-max}; the rest are paged with {@code /api/rooms/{room}/members}).
 */
@RegisterForReflection
public record RoomPresence(String name, int count, List<String> members) {
}
