package io.chatservice.moderation;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.api.ApiKeys;
import io.chatservice.config.ChatConfig;
import io.chatservice.core.Mute;
import io.chatservice.core.Sanctions;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.rest.ApiError;

/** Mutes in a room through the server API: the muted user reads the room, and what they say there goes nowhere. */
@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Moderation")
public class MuteResource {

    static final String MUTE_EXAMPLE = """
            {"room":"dev","user":"mallory","reason":"flooding","until":"2026-12-07T09:10:00Z","by":"1a2b3c4d"}""";

    private final ApiKeys keys;
    private final InputRules rules;
    private final Moderation moderation;
    private final Sanctions sanctions;
    private final ObjectMapper mapper;
    private final Duration longest;

    public MuteResource(ApiKeys keys, InputRules rules, Moderation moderation, Sanctions sanctions,
            ObjectMapper mapper, ChatConfig config) {
        this.keys = keys;
        this.rules = rules;
        this.moderation = moderation;
        this.sanctions = sanctions;
        this.mapper = mapper;
        this.longest = config.moderation().maxMute();
    }

    @PUT
    @Path("{room}/mutes/{user}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Mute a user in a room", description = "The user (every spelling of the name's form) still "
            + "joins and reads the room; each message they send there is refused with MUTED and neither kept nor "
            + "delivered. duration: ISO-8601 or 30m, 1h, 7d (absent: chat.moderation.max-mute; longer: 400).")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "ten minutes", value = """
            {"duration":"10m","reason":"flooding"}""")))
    @APIResponse(responseCode = "201", description = "muted", content = @Content(examples = @ExampleObject(
            name = "mute", value = MUTE_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "a mute in force was replaced")
    @APIResponse(responseCode = "400", description = "an invalid room, name, duration or reason")
    @APIResponse(responseCode = "401", description = "no valid server API key")
    public CompletionStage<Response> mute(@RestPath("room") String named, @RestPath String user,
            @RestHeader("Authorization") String authorization, String body) throws ProtocolException {
        String keyId = keys.require(authorization);
        String room = rules.checkRoom(named);
        rules.checkUsername(user);
        Terms terms = Terms.parse(mapper, body, longest);
        return moderation.mute(room, user, terms.length(), terms.reason(), keyId).thenApply(placed -> Response
                .status(placed.replaced() ? Status.OK : Status.CREATED)
                .entity(Views.MuteView.of(placed.sanction())).build());
    }

    @DELETE
    @Path("{room}/mutes/{user}")
    @Operation(summary = "Unmute a user in a room")
    @APIResponse(responseCode = "200", description = "the mute that ended", content = @Content(examples = @ExampleObject(
            name = "mute", value = MUTE_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "NOT_MUTED: the user is not muted in the room")
    public CompletionStage<Response> unmute(@RestPath("room") String named, @RestPath String user,
            @RestHeader("Authorization") String authorization) throws ProtocolException {
        String keyId = keys.require(authorization);
        String room = rules.checkRoom(named);
        rules.checkUsername(user);
        return moderation.unmute(room, user, keyId).thenApply(ended -> ended == null
                ? Response.status(Status.NOT_FOUND).entity(
                        new ApiError("NOT_MUTED", "'" + user + "' is not muted in '" + room + "'")).build()
                : Response.ok(Views.MuteView.of(ended)).build());
    }

    @GET
    @Path("{room}/mutes")
    @Operation(summary = "List a room's mutes in force", description = "In the order of the names' forms: limit "
            + "(1 to 1000, default 100) after the name after; next, when present, is the after of the next page.")
    @APIResponse(responseCode = "200", description = "a page of mutes", content = @Content(examples = @ExampleObject(
            name = "page", value = "{\"room\":\"dev\",\"mutes\":[" + MUTE_EXAMPLE + "]}")))
    public Views.MutePage list(@RestPath("room") String named, @RestHeader("Authorization") String authorization,
            @RestQuery String after, @RestQuery String limit) throws ProtocolException {
        keys.require(authorization);
        String room = rules.checkRoom(named);
        Paging paging = Paging.of(after, limit);
        var mutes = sanctions.mutes(room, paging.after(), paging.limit()).stream().map(Views.MuteView::of).toList();
        return new Views.MutePage(room, mutes,
                paging.next(mutes.size(), mutes.isEmpty() ? null : mutes.get(mutes.size() - 1).user()));
    }
}
