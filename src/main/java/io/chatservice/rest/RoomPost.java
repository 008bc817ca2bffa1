package io.chatservice.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a message the backend posted in a room: the message's id, and where it is kept (its offset in the
 * room's history, and the history's epoch), as the members' frames carry them.
 *
 * @param duplicate true when the backend had posted a message with this {@code cid} already: this is that one
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomPost(String id, long offset, String epoch, String room, @JsonProperty("from_user") String fromUser,
        Boolean duplicate) {
}
