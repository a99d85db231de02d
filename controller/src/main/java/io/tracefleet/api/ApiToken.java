package io.tracefleet.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one API token, checked the same way on both ports: the REST API's mutating endpoints and the admin port's
 * commands. With no token configured nothing it guards is open: a controller that changes production must not take
 * orders from anyone who can reach a port.
 */
public final class ApiToken {
    private static final String PREFIX = "Bearer ";

    private final byte[] token;

    public ApiToken(String token) {
        this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Why a request with this {@code Authorization} header is refused; empty when it carries the token. */
    public Optional<Refusal> refusal(String authorization) {
        if (token.length == 0) {
            return Optional.of(new Refusal(403, "this endpoint needs an API token, and none is configured: set "
                    + "TRACEFLEET_API_TOKEN (apiToken in config.yml) and send 'Authorization: Bearer <token>'"));
        }
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            return Optional.of(new Refusal(401, "send 'Authorization: Bearer <token>'"));
        }
        byte[] given = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time, so response timing does not reveal how much of a guess was right.
        if (!MessageDigest.isEqual(given, token)) {
            return Optional.of(new Refusal(401, "the bearer token is not the configured one"));
        }
        return Optional.empty();
    }

    /** @param status 401 (no or a wrong token) or 403 (no token configured, so nobody may) */
    public record Refusal(int status, String message) {
    }
}
