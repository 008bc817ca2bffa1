package io.chatservice.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a private message the backend sent a user: the message's id, its offset in the conversation's
 * history and the epoch, and whether it was {@code sent} to the user's connections or {@code queued} in their mailbox.
 *
 * @param duplicate true when the backend had sent a message with this {@code cid} already: this is that one
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserPost(String id, long offset, String epoch, @JsonProperty("to_user") String toUser,
        @JsonProperty("from_user") String fromUser, String status, Boolean duplicate) {
}
