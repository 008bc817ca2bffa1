package io.chatservice.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything the service sends. It keeps the seed's fields ({@code from_user}, {@code to_user}, {@code info}) so that
 * the seed's pages go on working, and adds what a real client needs. Absent fields are left out of the JSON. Every
 * frame has an {@code info} that reads sensibly where the seed's pages print {@code from_user:info}; frames from the
 * service itself carry {@link Frames#SERVICE} as {@code from_user}, which no user can be named.
 * {@code server} marks a message the application's backend sent through the server API; {@code edited} and
 * {@code deleted} mark a message its author or the backend changed since.
 * Registered for reflection because Jackson reads the record's accessors in the native image too.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "type", "id", "ts", "offset", "epoch", "room", "from_user", "to_user", "with_user", "user", "info",
        "code", "key", "prefix", "users", "online", "next", "joined", "left", "joined_count", "left_count",
        "retry_after_ms", "cid", "message_id", "status", "count", "recovered", "mailbox", "server", "edited", "deleted" })
public record OutboundFrame(
        FrameType type,
        String id,
        long ts,
        Long offset,
        String epoch,
        String room,
        @JsonProperty("from_user") String fromUser,
        @JsonProperty("to_user") String toUser,
        String user,
        String info,
        ErrorCode code,
        String key,
        List<String> users,
        @JsonProperty("retry_after_ms") Long retryAfterMs,
        String cid,
        @JsonProperty("message_id") String messageId,
        String status,
        Integer count,
        Boolean recovered,
        Boolean mailbox,
        @JsonProperty("with_user") String withUser,
        String prefix,
        List<String> online,
        String next,
        List<String> joined,
        List<String> left,
        @JsonProperty("joined_count") Integer joinedCount,
        @JsonProperty("left_count") Integer leftCount,
        Boolean server,
        Boolean edited,
        Boolean deleted) {
}
