package io.chatservice.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A page of a room's members over REST, as the {@code members} frame has it.
 *
 * @param next the page's last name when more follow: the next page's {@code after}; absent on the last page
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomMembers(String room, int count, List<String> users, String next) {
}
