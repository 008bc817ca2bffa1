package io.chatservice.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chatservice.config.ChatConfig;
import io.chatservice.core.HistoryReads;
import io.chatservice.history.Page;
import io.chatservice.core.StreamKey;
import io.chatservice.protocol.ErrorCode;

import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.core.Presence;
import io.chatservice.core.Scope;

@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomResource {

    /** Messages in a page when the request names no {@code limit}. */
    static final int DEFAULT_PAGE = 50;
    /** Rooms in a page of {@code GET /api/rooms} when the request names no {@code limit}, and at most. */
    static final int DEFAULT_ROOMS = 50;
    static final int MAX_ROOMS = 100;
    /** Longest {@code after}: a page's {@code next} is a room's or a user's name. */
    static final int MAX_AFTER = 256;

    private final Presence presence;
    private final InputRules rules;
    private final HistoryReads history;
    private final ObjectMapper mapper;
    private final int maxPage;
    private final PresenceListing listing;
    private final MessagePosting posting;
    private final int listMax;

    public RoomResource(Presence presence, InputRules rules, HistoryReads history, ObjectMapper mapper,
            ChatConfig config, PresenceListing listing, MessagePosting posting) {
        this.presence = presence;
        this.posting = posting;
        this.listing = listing;
        this.rules = rules;
        this.history = history;
        this.mapper = mapper;
        this.maxPage = config.history().maxPage();
        this.listMax = config.presence().listMax();
    }

    /**
     * A page of the rooms that have members on any node, in name order, each with its count and its first
     * {@code chat.presence.list-max} members: {@code limit} rooms (default 50, at most 100) after {@code after}, and a
     * {@code Link: <…>; rel="next"} header when more follow. With {@code chat.presence.public=false}, only for a
     * caller with a server API key.
     */
    @GET
    public CompletionStage<Response> all(@RestHeader("Authorization") String authorization, @RestQuery String after,
            @RestQuery String limit) {
        listing.check(authorization, "rooms");
        int count;
        try {
            checkAfter(after);
            count = limit == null ? DEFAULT_ROOMS : (int) parse(limit, "limit", 1, MAX_ROOMS);
        } catch (ProtocolException e) {
            return badRequest(e);
        }
        return presence.rooms(after, count, listMax).thenApply(page -> withNext(Response.ok(page.rooms()),
                "/api/rooms", page.next(), count).build());
    }

    /**
     * A page of a room's members, as the {@code members} frame pages them: {@code limit} names (default and at most
     * {@code chat.presence.list-max}) after {@code after}, in name order, with the room's {@code count}, its
     * {@code next} and a {@code Link: <…>; rel="next"} header when more follow. 404 when nobody is in the room. With
     * {@code chat.presence.public=false}, only for a caller with a server API key.
     */
    @GET
    @Path("{room}/members")
    public CompletionStage<Response> members(@RestPath("room") String named, @RestQuery String after,
            @RestQuery String limit, @RestHeader("Authorization") String authorization) {
        listing.check(authorization, "room members");
        String room;
        int count;
        try {
            room = rules.checkRoom(named);
            checkAfter(after);
            count = limit == null ? listMax : (int) parse(limit, "limit", 1, listMax);
        } catch (ProtocolException e) {
            return badRequest(e);
        }
        return presence.members(Scope.room(room), after, count).thenApply(page -> page.count() == 0
                ? notFound(room)
                : withNext(Response.ok(new RoomMembers(room, page.count(), page.users(), page.next())),
                        "/api/rooms/" + encode(room) + "/members", page.next(), count).build());
    }

    private static void checkAfter(String after) throws ProtocolException {
        if (after != null && (after.isEmpty() || after.length() > MAX_AFTER)) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "query parameter 'after' must be the 'next' of a page, of 1 to " + MAX_AFTER + " characters");
        }
    }

    /** The next page's address, in a {@code Link} header, when there is one. */
    private static Response.ResponseBuilder withNext(Response.ResponseBuilder answer, String path, String next,
            int limit) {
        if (next == null) {
            return answer;
        }
        return answer.header("Link", "<" + path + "?after=" + encode(next) + "&limit=" + limit + ">; rel=\"next\"");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static CompletionStage<Response> badRequest(ProtocolException e) {
        return CompletableFuture.completedFuture(
                Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build());
    }

    private static Response notFound(String room) {
        return Response.status(Status.NOT_FOUND)
                .entity(new ApiError("ROOM_NOT_FOUND", "nobody is in room '" + room + "'")).build();
    }

    /**
     * A page of the room's history, oldest first: the messages below {@code before} (default: the newest), at most
     * {@code limit}; each is the message frame as it was sent. 404 for a room with no history and nobody in it; with
     * {@code chat.presence.public=false}, for any room with no history, so that the answer tells nobody whether the
     * room has members. A room's history is what anyone who joins it is sent, so it needs no key either way.
     */
    @GET
    @Path("{room}/messages")
    public CompletionStage<Response> messages(@RestPath("room") String named, @RestQuery String before,
            @RestQuery String limit) {
        String room;
        long below;
        int count;
        try {
            room = rules.checkRoom(named); // the room's folded form, as the WebSocket side keeps it
            below = before == null ? Long.MAX_VALUE : parse(before, "before", 1, Long.MAX_VALUE);
            count = limit == null ? Math.min(DEFAULT_PAGE, maxPage) : (int) parse(limit, "limit", 1, maxPage);
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(
                    Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build());
        }
        StreamKey stream = StreamKey.room(room);
        return history.before(stream, below, count).thenCompose(page -> page.exists()
                ? CompletableFuture.completedFuture(Response.ok(json(room, page), MediaType.APPLICATION_JSON).build())
                : !listing.isPublic() ? CompletableFuture.completedFuture(Response.status(Status.NOT_FOUND)
                        .entity(new ApiError("ROOM_NOT_FOUND", "room '" + room + "' has no history")).build())
                : presence.count(Scope.room(room)).thenApply(members -> members > 0
                        ? Response.ok(json(room, page), MediaType.APPLICATION_JSON).build()
                        : Response.status(Status.NOT_FOUND)
                                .entity(new ApiError("ROOM_NOT_FOUND", "room '" + room + "' has no history and nobody in it"))
                                .build()));
    }

    /**
     * The backend says something in a room (see {@link MessagePosting}): every member, on every node, receives it as
     * a {@code message} frame with {@code "server":true}, and the room's history keeps it.
     */
    @POST
    @Path("{room}/messages")
    @Operation(summary = "Post a message in a room as the application's backend",
            description = "Needs a server API key (or, in jwt mode, a token with chat.api.token-role). The members "
                    + "on every node receive a message frame from from_user with \"server\":true; the room's "
                    + "history keeps it. The same cid from the same from_user within chat.history.cid-window answers "
                    + "the first message again (200, duplicate) and delivers nothing.")
    @SecurityRequirement(name = "serverApi")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PostBody.class),
            examples = @ExampleObject(name = "a deploy notice", value = ApiExamples.ROOM_POST)))
    @APIResponse(responseCode = "201", description = "Posted: delivered to the members and kept",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomPost.class),
                    examples = @ExampleObject(name = "posted", value = ApiExamples.ROOM_POSTED)))
    @APIResponse(responseCode = "200", description = "A resend: this cid was posted already; nothing is delivered again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoomPost.class),
                    examples = @ExampleObject(name = "duplicate", value = ApiExamples.ROOM_DUPLICATE)))
    @APIResponse(responseCode = "400", description = "INVALID_ROOM, INVALID_USERNAME (from_user), EMPTY_TEXT, "
            + "TEXT_TOO_LONG, INVALID_FIELD (a bad cid, an unknown field), MALFORMED_JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = { @ExampleObject(name = "invalid room", value = ApiExamples.INVALID_ROOM),
                            @ExampleObject(name = "empty text", value = ApiExamples.EMPTY_TEXT) }))
    @APIResponse(responseCode = "401", description = "API_KEY_REQUIRED, API_KEY_INVALID, TOKEN_INVALID",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "no key", value = ApiExamples.KEY_REQUIRED)))
    @APIResponse(responseCode = "403", description = "API_DISABLED (no key is set), API_ROLE_REQUIRED (a token "
            + "without the role)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "closed", value = ApiExamples.API_DISABLED)))
    @APIResponse(responseCode = "429", description = "RATE_LIMITED: the caller is over chat.api.rate; see Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "too fast", value = ApiExamples.RATE_LIMITED)))
    @APIResponse(responseCode = "503", description = "UNAVAILABLE: the cluster could not keep it; nothing was "
            + "delivered, try again (Retry-After)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiError.class),
                    examples = @ExampleObject(name = "unavailable", value = ApiExamples.UNAVAILABLE)))
    public CompletionStage<Response> post(@RestPath("room") String named,
            @RestHeader("Authorization") String authorization, String body) {
        return posting.toRoom(authorization, named, body);
    }

    /** The kept frames are JSON already: they are written as they are, not parsed and encoded again. */
    private String json(String room, Page page) {
        StringBuilder out = new StringBuilder(256 + page.messages().size() * 200);
        try {
            out.append("{\"room\":").append(mapper.writeValueAsString(room));
            if (page.epoch() != null) {
                out.append(",\"epoch\":\"").append(page.epoch()).append('"');
            }
            out.append(",\"latest\":").append(page.latest()).append(",\"messages\":[");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always encodes", e);
        }
        for (int i = 0; i < page.messages().size(); i++) {
            out.append(i == 0 ? "" : ",").append(page.messages().get(i).frame());
        }
        return out.append("]}").toString();
    }

    private static long parse(String value, String name, long min, long max) throws ProtocolException {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
                "query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }

    /**
     * One room, its count and its first {@code chat.presence.list-max} members: 404 when nobody is in it, 400 for a
     * name no room can have. With {@code chat.presence.public=false}, only for a caller with a server API key.
     */
    @GET
    @Path("{room}")
    public CompletionStage<Response> one(@RestPath("room") String named,
            @RestHeader("Authorization") String authorization) {
        listing.check(authorization, "room");
        String room;
        try {
            room = rules.checkRoom(named); // the room's folded form, as the WebSocket side keeps it
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(
                    Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build());
        }
        return presence.room(room, listMax).thenApply(found -> found
                .map(members -> Response.ok(members).build())
                .orElseGet(() -> notFound(room)));
    }
}
