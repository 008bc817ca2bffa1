package io.chatservice.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.chatservice.admission.Admission;
import io.chatservice.api.ApiKeys;
import io.chatservice.core.Stages;
import io.chatservice.core.MessageChanges;
import io.chatservice.core.Sender;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The backend removes or edits any message of a room, at any time (no edit window): the message becomes a tombstone
 * or takes the new text in the room's history, and the room's members on every node get a {@code deleted} or
 * {@code edited} frame, kept in the room's stream so that a recovering client learns of it. The message is named by
 * its id, looked for in what the room's history keeps.
 */
@Path("/api/rooms/{room}/messages/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Server API")
public class RoomMessageResource {

    private static final Logger AUDIT = Logger.getLogger(Admission.AUDIT);
    private static final int MAX_ID = 64;

    private final ApiKeys keys;
    private final InputRules rules;
    private final MessageChanges changes;

    public RoomMessageResource(ApiKeys keys, InputRules rules, MessageChanges changes) {
        this.keys = keys;
        this.rules = rules;
        this.changes = changes;
    }

    /** The new text of an edited message. Registered for reflection: Jackson reads it in the native image too. */
    @RegisterForReflection
    public record NewText(@Schema(examples = "[removed by a moderator]") String info) {
    }

    @DELETE
    @Operation(summary = "Remove a message from a room", description = "Leaves a tombstone in the room's history "
            + "(\"deleted\":true, no text) and sends a deleted frame to the room's members on every node. Deleting a "
            + "deleted message changes nothing and is answered 204 as well.")
    @APIResponse(responseCode = "204", description = "the message is removed (or was already)")
    @APIResponse(responseCode = "404", description = "the room's history keeps no message with that id",
            content = @Content(schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(
                    name = "unknown", value = "{\"code\":\"UNKNOWN_MESSAGE\",\"reason\":\"no message 'SIc47WQAmL9x' is kept in dev\"}")))
    @APIResponse(responseCode = "400", description = "an invalid room name or message id")
    @APIResponse(responseCode = "401", description = "no server API key, or not one of this service's")
    @APIResponse(responseCode = "403", description = "the server API is closed: no key is set")
    public CompletionStage<Response> delete(
            @Parameter(description = "the room", example = "dev") @RestPath String room,
            @Parameter(description = "the message's id", example = "SIc47WQAmL9x") @RestPath String id,
            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return change(room, id, null, authorization);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Edit a message of a room", description = "Gives the message a new text in the room's "
            + "history (\"edited\":true) and sends an edited frame to the room's members on every node.")
    @RequestBody(content = @Content(schema = @Schema(implementation = NewText.class), examples = @ExampleObject(
            name = "edit", value = "{\"info\":\"[removed by a moderator]\"}")))
    @APIResponse(responseCode = "204", description = "the message has its new text")
    @APIResponse(responseCode = "404", description = "the room's history keeps no message with that id, or it was "
            + "deleted", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "400", description = "an invalid room or id, or a text that is empty or too long "
            + "(EMPTY_TEXT, TEXT_TOO_LONG)", content = @Content(schema = @Schema(implementation = ApiError.class,
                    type = SchemaType.OBJECT), examples = @ExampleObject(name = "empty",
                            value = "{\"code\":\"EMPTY_TEXT\",\"reason\":\"'info' must not be empty\"}")))
    @APIResponse(responseCode = "401", description = "no server API key, or not one of this service's")
    @APIResponse(responseCode = "403", description = "the server API is closed: no key is set")
    public CompletionStage<Response> edit(@Parameter(example = "dev") @RestPath String room,
            @Parameter(example = "SIc47WQAmL9x") @RestPath String id,
            @RestHeader(HttpHeaders.AUTHORIZATION) String authorization, NewText body) {
        keys.require(authorization);
        String text;
        try {
            text = rules.requireText(body == null ? null : body.info());
        } catch (ProtocolException e) {
            return answer(e);
        }
        return change(room, id, text, authorization);
    }

    private CompletionStage<Response> change(String named, String id, String text, String authorization) {
        String keyId = keys.require(authorization);
        String room;
        try {
            room = rules.checkRoom(named);
            if (id.isEmpty() || id.length() > MAX_ID) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        "a message id has 1 to " + MAX_ID + " characters");
            }
        } catch (ProtocolException e) {
            return answer(e);
        }
        Sender backend = Sender.backend(Sender.BACKEND, keyId);
        long receivedAt = System.nanoTime();
        return changes.findInRoom(room, id)
                .thenCompose(offset -> changes.inRoom(backend, room, id, offset, text, receivedAt))
                .handle((kept, failure) -> {
                    if (failure != null) {
                        return answer(Stages.refusal(failure)).toCompletableFuture().join();
                    }
                    AUDIT.infof("%s message %s in room %s with API key %s", text == null ? "deleted" : "edited", id,
                            room, keyId);
                    return Response.noContent().build();
                });
    }

    /** 404 for a message not kept; 503 when the cluster cannot answer; 400 for the rest. */
    private static CompletionStage<Response> answer(ProtocolException e) {
        Status status = switch (e.code()) {
            case UNKNOWN_MESSAGE -> Status.NOT_FOUND;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE;
            default -> Status.BAD_REQUEST;
        };
        Response.ResponseBuilder response = Response.status(status).entity(new ApiError(e.code().name(), e.reason()));
        if (status == Status.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", "1");
        }
        return CompletableFuture.completedFuture(response.build());
    }
}
