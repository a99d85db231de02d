package io.tracefleet.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Set;

/**
 * Mutating endpoints (and, when configured, every endpoint) need {@code Authorization: Bearer <token>}. With no
 * token configured they are closed rather than open: a controller that changes production must not take orders
 * from anyone who can reach its port.
 */
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** Probes (kubelet, ECS, Docker) cannot send a token, and a health verdict tells nothing worth hiding. */
    private static final Set<String> ALWAYS_OPEN = Set.of("healthcheck");

    private final ApiToken token;
    private final boolean protectReads;

    public BearerTokenFilter(String token, boolean protectReads) {
        this.token = new ApiToken(token);
        this.protectReads = protectReads;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        boolean read = READS.contains(request.getMethod());
        if (read && (!protectReads || ALWAYS_OPEN.contains(request.getUriInfo().getPath()))) {
            return;
        }
        token.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION)).ifPresent(refusal -> request.abortWith(
                error(Response.Status.fromStatusCode(refusal.status()), refusal.message())));
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
