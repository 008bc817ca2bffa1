package io.chatservice.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestPath;

import io.chatservice.protocol.InputRules;
import io.chatservice.protocol.ProtocolException;
import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.RoomPresence;

@Path("/api/rooms")
@Produces(MediaType.APPLICATION_JSON)
public class RoomResource {

    private final ConnectionRegistry registry;
    private final InputRules rules;

    public RoomResource(ConnectionRegistry registry, InputRules rules) {
        this.registry = registry;
        this.rules = rules;
    }

    /** Every room that has members, sorted by name, with its members. */
    @GET
    public List<RoomPresence> all() {
        return registry.rooms();
    }

    /** One room and its members: 404 when nobody is in it, 400 for a name no room can have. */
    @GET
    @Path("{room}")
    public Response one(@RestPath String room) {
        try {
            rules.checkRoom(room);
        } catch (ProtocolException e) {
            return Response.status(Status.BAD_REQUEST).entity(new ApiError(e.code().name(), e.reason())).build();
        }
        return registry.room(room)
                .map(presence -> Response.ok(presence).build())
                .orElseGet(() -> Response.status(Status.NOT_FOUND)
                        .entity(new ApiError("ROOM_NOT_FOUND", "nobody is in room '" + room + "'")).build());
    }
}
