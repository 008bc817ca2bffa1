package io.chatservice.rest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestPath;

import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.cluster.Presence;
import io.chatservice.registry.RoomPresence;

@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomResource {

    private final Presence presence;
    private final InputRules rules;

    public RoomResource(Presence presence, InputRules rules) {
        this.presence = presence;
        this.rules = rules;
    }

    /** Every room that has members on any node, sorted by name, with its members. */
    @GET
    public CompletionStage<List<RoomPresence>> all() {
        return presence.rooms();
    }

    /** One room and its members: 404 when nobody is in it, 400 for a name no room can have. */
    @GET
    @Path("{room}")
    public CompletionStage<Response> one(@RestPath String room) {
        try {
            rules.checkRoom(room);
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(
                    Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build());
        }
        return presence.room(room).thenApply(found -> found
                .map(members -> Response.ok(members).build())
                .orElseGet(() -> Response.status(Status.NOT_FOUND)
                        .entity(new ApiError("ROOM_NOT_FOUND", "nobody is in room '" + room + "'")).build()));
    }
}
