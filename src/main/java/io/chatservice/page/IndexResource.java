package io.chatservice.page;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestResponse;

/** The service's root leads to the chat page. */
@Path("/")
public class IndexResource {

    @GET
    public RestResponse<Void> index() {
        return RestResponse.seeOther(URI.create("/chat"));
    }
}
