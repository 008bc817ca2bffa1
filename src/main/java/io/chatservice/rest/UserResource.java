package io.chatservice.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.chatservice.registry.ConnectionRegistry;
import io.chatservice.registry.UserPresence;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final ConnectionRegistry registry;

    public UserResource(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** Everyone online on any channel, sorted by name, with their number of open connections. */
    @GET
    public List<UserPresence> online() {
        return registry.onlineUsers();
    }
}
