package io.chatservice.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;

import io.chatservice.admission.Admission;
import io.chatservice.api.ApiKeys;
import io.chatservice.identity.Claims;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;

/** What an operator does to names, with the server API's key. */
@Path("/api/names")
@Produces(MediaType.APPLICATION_JSON)
public class NameResource {

    private static final Logger AUDIT = Logger.getLogger(Admission.AUDIT);

    private final ApiKeys keys;
    private final InputRules rules;
    private final Claims claims;

    public NameResource(ApiKeys keys, InputRules rules, Claims claims) {
        this.keys = keys;
        this.rules = rules;
        this.claims = claims;
    }

    /**
     * Ends the claim of a name, whichever spelling of its form holds it (a squatted name, say): 204 when a claim
     * ended, 404 {@code NAME_NOT_CLAIMED} when the name is not claimed, 400 for a name no user can have, 401/403
     * without a valid key. The holder's open connections stay; the name is free once they close, and a private
     * message to it is no longer kept while it is offline.
     */
    @DELETE
    @Path("{name}/claim")
    public CompletionStage<Response> endClaim(@RestPath String name,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String keyId = keys.require(authorization);
        try {
            rules.checkUsername(name);
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(
                    Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build());
        }
        return claims.end(name).thenApply(spelling -> {
            if (spelling == null) {
                return Response.status(Status.NOT_FOUND)
                        .entity(new ApiError("NAME_NOT_CLAIMED", "the name '" + name + "' is not claimed")).build();
            }
            AUDIT.infof("released the claim of %s (asked as %s) with API key %s", spelling, name, keyId);
            return Response.noContent().build();
        });
    }
}
