package io.tracefleet.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error the API answers, in Dropwizard's own shape: {@code {"code": 404, "message": …}}. */
public record ApiError(int code, String message) {

    public static WebApplicationException of(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message)).build());
    }

    static WebApplicationException unknownApplication(String name) {
        return of(Response.Status.NOT_FOUND, "no application named '" + name + "' is in force; GET /specs lists "
                + "the loaded documents");
    }
}
