package io.chatservice.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.chatservice.cluster.Presence;
import io.chatservice.registry.UserPresence;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final Presence presence;

    public UserResource(Presence presence) {
        this.presence = presence;
    }

    /** Everyone online on any channel and any node, sorted by name, with their number of open connections. */
    @GET
    public CompletionStage<List<UserPresence>> online() {
        return presence.onlineUsers();
    }
}
