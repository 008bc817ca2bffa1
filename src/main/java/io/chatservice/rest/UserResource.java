package io.chatservice.rest;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;

import io.chatservice.cluster.Presence;
import io.chatservice.registry.UserPresence;

@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final Presence presence;
    private final PresenceListing listing;

    public UserResource(Presence presence, PresenceListing listing) {
        this.presence = presence;
        this.listing = listing;
    }

    /**
     * Everyone online on any channel and any node, sorted by name, with their number of open connections. With
     * {@code chat.presence.public=false}, only for a caller with a server API key.
     */
    @GET
    public CompletionStage<List<UserPresence>> online(@RestHeader("Authorization") String authorization) {
        listing.check(authorization, "users");
        return presence.onlineUsers();
    }
}
