package io.chatservice.rest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestHeader;
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

    public UserResource(Presence presence, PresenceListing listing, InputRules rules) {
        this.presence = presence;
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
