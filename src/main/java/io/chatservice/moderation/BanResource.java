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
import io.chatservice.core.Ban;
import io.chatservice.core.Sanctions;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.rest.ApiError;

/** Bans through the server API: a banned name's connections are closed (4403) and admission refuses it. */
@Path("/api/bans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Moderation")
public class BanResource {

    static final String BAN_EXAMPLE = """
            {"user":"mallory","reason":"spam","until":"2026-12-07T10:00:00Z","by":"1a2b3c4d"}""";

    private final ApiKeys keys;
    private final InputRules rules;
    private final Moderation moderation;
    private final Sanctions sanctions;
    private final ObjectMapper mapper;
    private final Duration longest;

    public BanResource(ApiKeys keys, InputRules rules, Moderation moderation, Sanctions sanctions,
            ObjectMapper mapper, ChatConfig config) {
        this.keys = keys;
        this.rules = rules;
        this.moderation = moderation;
        this.sanctions = sanctions;
        this.mapper = mapper;
        this.longest = config.moderation().maxBan();
    }

    @PUT
    @Path("{user}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Ban a name", description = "Bans the name and every spelling of its form: its open "
            + "connections on every node get a BANNED error frame and close 4403, and new ones are refused the same "
            + "way until the ban ends or is lifted. duration: ISO-8601 or 30m, 1h, 7d (absent: chat.moderation.max-ban; "
            + "longer: 400). A ban in force is replaced.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "an hour", value = """
            {"duration":"1h","reason":"spam"}""")))
    @APIResponse(responseCode = "201", description = "banned", content = @Content(examples = @ExampleObject(
            name = "ban", value = BAN_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "a ban in force was replaced")
    @APIResponse(responseCode = "400", description = "an invalid name, duration or reason")
    @APIResponse(responseCode = "401", description = "no valid server API key")
    public CompletionStage<Response> ban(@RestPath String user, @RestHeader("Authorization") String authorization,
            String body) throws ProtocolException {
        String keyId = keys.require(authorization);
        rules.checkUsername(user);
        Terms terms = Terms.parse(mapper, body, longest);
        return moderation.ban(user, terms.length(), terms.reason(), keyId).thenApply(placed -> Response
                .status(placed.replaced() ? Status.OK : Status.CREATED)
                .entity(Views.BanView.of(placed.sanction())).build());
    }

    @DELETE
    @Path("{user}")
    @Operation(summary = "Lift a ban", description = "The name may connect again at once.")
    @APIResponse(responseCode = "200", description = "the ban that ended", content = @Content(examples = @ExampleObject(
            name = "ban", value = BAN_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "NOT_BANNED: the name is not banned")
    public CompletionStage<Response> unban(@RestPath String user, @RestHeader("Authorization") String authorization)
            throws ProtocolException {
        String keyId = keys.require(authorization);
        rules.checkUsername(user);
        return moderation.unban(user, keyId).thenApply(ended -> ended == null
                ? Response.status(Status.NOT_FOUND)
                        .entity(new ApiError("NOT_BANNED", "the name '" + user + "' is not banned")).build()
                : Response.ok(Views.BanView.of(ended)).build());
    }

    @GET
    @Operation(summary = "List the bans in force", description = "In the order of the names' forms: limit (1 to "
            + "1000, default 100) bans after the name after; next, when present, is the after of the next page.")
    @APIResponse(responseCode = "200", description = "a page of bans", content = @Content(examples = @ExampleObject(
            name = "page", value = "{\"bans\":[" + BAN_EXAMPLE + "]}")))
    public Views.BanPage list(@RestHeader("Authorization") String authorization, @RestQuery String after,
            @RestQuery String limit) throws ProtocolException {
        keys.require(authorization);
        Paging paging = Paging.of(after, limit);
        var bans = sanctions.bans(paging.after(), paging.limit()).stream().map(Views.BanView::of).toList();
        return new Views.BanPage(bans, paging.next(bans.size(), bans.isEmpty() ? null : bans.get(bans.size() - 1).user()));
    }
}
