package io.tracefleet.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Mutating endpoints (and, when configured, every endpoint) need {@code Authorization: Bearer <token>}. With no
 * token configured they are closed rather than open: a controller that changes production must not take orders
 * from anyone who can reach its port.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String PREFIX = "Bearer ";

    private final byte[] token;
    private final boolean protectReads;

    public BearerTokenFilter(String token, boolean protectReads) {
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        this.protectReads = protectReads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) && !protectReads) {
            return;
        }
        if (token.length == 0) {
            request.abortWith(error(Response.Status.FORBIDDEN, "this endpoint needs an API token, and none is "
                    + "configured: set TRACEFLEET_API_TOKEN (apiToken in config.yml) and send "
                    + "'Authorization: Bearer <token>'"));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith(PREFIX)) {
            request.abortWith(error(Response.Status.UNAUTHORIZED, "send 'Authorization: Bearer <token>'"));
            return;
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time, so response timing does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given, token)) {
            request.abortWith(error(Response.Status.UNAUTHORIZED, "the bearer token is not the configured one"));
        }
    }

    private static Response error(Response.Status status, String message) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message));
        if (status == Response.Status.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tracefleet\"");
        }
        return response.build();
    }
}
