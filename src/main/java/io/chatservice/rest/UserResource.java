package io.chatservice.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.chatservice.core.Presence;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.core.UserLookup;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    /** Users in a page when the request names no {@code limit}. */
    static final int DEFAULT_PAGE = 100;
    /** Most users in one page. */
    static final int MAX_PAGE = 1000;

    private final Presence presence;
    private final PresenceListing listing;
    private final InputRules rules;
    private final MessagePosting posting;

    public UserResource(Presence presence, PresenceListing listing, InputRules rules, MessagePosting posting) {
        this.presence = presence;
        this.posting = posting;
        this.listing = listing;
        this.rules = rules;
    }

    /**
     * A page of the users online on any channel and any node, with their number of open connections: those whose
     * names begin with {@code prefix} (compared folded: {@code AL} finds {@code Alice}), in the order of the folded
     * names, after {@code after}, at most {@code limit}. When there are more, a {@code Link} header with
     * {@code rel="next"} gives the next page. With {@code chat.presence.public=false}, only for a caller with a
     * server API key.
     */
    @GET
    public CompletionStage<Response> online(@RestHeader("Authorization") String authorization,
            @RestQuery String prefix, @RestQuery String after, @RestQuery String limit, @Context UriInfo uri) {
        listing.check(authorization, "users");
        UserLookup lookup;
        try {
            lookup = new UserLookup(prefix == null ? "" : rules.checkPrefix("prefix", prefix, true),
                    after == null ? null : rules.checkPrefix("after", after, false), limit(limit));
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(
                    Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build());
        }
        return presence.onlineUsers(lookup).thenApply(page -> {
            Response.ResponseBuilder ok = Response.ok(page.users());
            if (page.next() != null) {
                ok.link(uri.getRequestUriBuilder().replaceQueryParam("after", page.next()).build(), "next");
            }
            return ok.build();
        });
    }

    /**
     * The backend sends a user a private message (see {@link MessagePosting}): to each of the user's private
     * connections on every node, or kept in the user's mailbox while they are offline.
     */
    @POST
    @Path("{user}/messages")
    @Operation(summary = "Send a user a private message as the application's backend",
            description = "Needs a server API key (or, in jwt mode, a token with chat.api.token-role). Every private "
                    + "connection of the user, on every node, receives a message frame from from_user with "
                    + "\"server\":true, and the conversation's history keeps it; the user reads it back with a "
                    + "history frame with_user from_user. A user who is offline gets it from their mailbox on their "
                    + "next private connection (status queued) if the name is claimed (jwt mode: seen within "
                    + "chat.offline.retention). The same cid from the same from_user answers the first message again.")
    @SecurityRequirement(name = "serverApi")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PostBody.class),
            examples = @ExampleObject(name = "an invoice notice", value = ApiExamples.USER_POST)))
    @APIResponse(responseCode = "201", description = "Sent to the user's connections, or queued in their mailbox",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserPost.class),
                    examples = { @ExampleObject(name = "sent", value = ApiExamples.USER_SENT),
                            @ExampleObject(name = "queued", value = ApiExamples.USER_QUEUED) }))
    @APIResponse(responseCode = "200", description = "A resend: this cid was sent already; nothing is delivered again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserPost.class),
                    examples = @ExampleObject(name = "duplicate", value = ApiExamples.USER_DUPLICATE)))
    @APIResponse(responseCode = "400", description = "INVALID_USERNAME (the user or from_user), EMPTY_TEXT, "
            + "TEXT_TOO_LONG, INVALID_FIELD (a bad cid, an unknown field), MALFORMED_JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "no from_user", value = ApiExamples.INVALID_USERNAME)))
    @APIResponse(responseCode = "401", description = "API_KEY_REQUIRED, API_KEY_INVALID, TOKEN_INVALID",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "no key", value = ApiExamples.KEY_REQUIRED)))
    @APIResponse(responseCode = "403", description = "API_DISABLED (no key is set), API_ROLE_REQUIRED (a token "
            + "without the role)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "closed", value = ApiExamples.API_DISABLED)))
    @APIResponse(responseCode = "404", description = "USER_OFFLINE: the user is offline and the name has no mailbox",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "offline", value = ApiExamples.USER_OFFLINE)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED (the caller is over chat.api.rate; see "
            + "Retry-After) or MAILBOX_FULL (the offline user's mailbox keeps no more for from_user)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = { @ExampleObject(name = "too fast", value = ApiExamples.RATE_LIMITED),
                            @ExampleObject(name = "mailbox full", value = ApiExamples.MAILBOX_FULL) }))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: the cluster could not keep it; nothing was "
            + "delivered, try again (Retry-After)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "unavailable", value = ApiExamples.UNAVAILABLE)))
    public CompletionStage<Response> post(@RestPath("user") String user,
            @RestHeader("Authorization") String authorization, String body) {
        return posting.toUser(authorization, user, body);
    }

    private static int limit(String value) throws ProtocolException {
        if (value == null) {
            return DEFAULT_PAGE;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 1 && number <= MAX_PAGE) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "query parameter 'limit' must be a whole number from 1 to " + MAX_PAGE);
    }
}
