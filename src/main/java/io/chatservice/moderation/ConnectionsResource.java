package io.chatservice.moderation;

import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chatservice.api.ApiKeys;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;

/** Closing a user's connections through the server API (a kick): they may connect again, but are told not to by themselves. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Moderation")
public class ConnectionsResource {

    /** The close reason when the operator gives none. */
    static final String DEFAULT_REASON = "closed by the service";

    private final ApiKeys keys;
    private final InputRules rules;
    private final Moderation moderation;

    public ConnectionsResource(ApiKeys keys, InputRules rules, Moderation moderation) {
        this.keys = keys;
        this.rules = rules;
        this.moderation = moderation;
    }

    @DELETE
    @Path("{user}/connections")
    @Operation(summary = "Close a user's connections", description = "Closes every connection of the name (any "
            + "spelling of its form), group and private, on every node, with close code 4010 and the reason. "
            + "closed counts this node's; other_nodes says whether the other nodes were told to close theirs. "
            + "The user may connect again at once: to keep them out, ban the name.")
    @APIResponse(responseCode = "200", description = "closed", content = @Content(examples = @ExampleObject(
            name = "kicked", value = """
                    {"user":"mallory","closed":2,"other_nodes":true}""")))
    @APIResponse(responseCode = "400", description = "an invalid name, or a reason over 200 characters")
    @APIResponse(responseCode = "401", description = "no valid server API key")
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: the cluster could not be told; nothing was closed")
    public CompletionStage<Views.KickView> kick(@RestPath String user, @RestQuery String reason,
            @RestHeader("Authorization") String authorization) throws ProtocolException {
        String keyId = keys.require(authorization);
        rules.checkUsername(user);
        String why = reason == null || reason.isBlank() ? DEFAULT_REASON : reason.strip();
        if (why.length() > Terms.MAX_REASON) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'reason' is over " + Terms.MAX_REASON + " characters");
        }
        return moderation.kick(user, why, keyId)
                .thenApply(kicked -> new Views.KickView(kicked.user(), kicked.closed(), kicked.otherNodes()));
    }
}
