package io.chatservice.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.chatservice.api.ApiRefusal;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

/**
 * REST refusals with their reasons: an answer the cluster could not give (503, so that a client knows to try again),
 * bad input (400), and a server API call without a valid key (401, 403) or over its caller's rate (429, with
 * {@code Retry-After}).
 */
public class RefusalMapper {

    @ServerExceptionMapper
    public Response refused(ProtocolException e) {
        Status status = e.code() == ErrorCode.UNAVAILABLE ? Status.SERVICE_UNAVAILABLE : Status.BAD_REQUEST;
        return Response.status(status).header("Retry-After", status == Status.SERVICE_UNAVAILABLE ? "1" : null)
                .entity(new ApiError(e.code().name(), e.reason())).build();
    }

    @ServerExceptionMapper
    public Response refused(ApiRefusal e) {
        return response(e);
    }

    /** The answer to a refused server API call: its status, an {@link ApiError}, and the headers it calls for. */
    static Response response(ApiRefusal e) {
        Response.ResponseBuilder response = Response.status(e.status()).entity(new ApiError(e.code(), e.reason()));
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response.build();
    }
}
