package io.chatservice.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/** A REST answer the cluster could not give: 503 with the reason, so that a client knows to try again. */
public class RefusalMapper {

    @ServerExceptionMapper
    public Response refused(ProtocolException e) {
        Status status = e.code() == ErrorCode.UNAVAILABLE ? Status.SERVICE_UNAVAILABLE : Status.BAD_REQUEST;
        return Response.status(status).header("Retry-After", status == Status.SERVICE_UNAVAILABLE ? "1" : null)
                .entity(new ApiError(e.code().name(), e.reason())).build();
    }
}
