package io.tracefleet.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * One page of a list the API returns: the body stays a JSON array, at most {@code limit} long, and the headers say
 * the whole count ({@code X-Total-Count}) and where the next page is ({@code Link: <…>; rel="next"}). A list that
 * grows with the fleet (or with a flood of bad spec files) then never makes one answer of megabytes.
 */
final class Page {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private Page() {
    }

    /** {@code limit} as asked, else the default; a 400 when it is not 1 to {@link #MAX_LIMIT}. */
    static int limit(Integer asked) {
        if (asked == null) {
            return DEFAULT_LIMIT;
        }
        if (asked < 1 || asked > MAX_LIMIT) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "limit must be 1 to " + MAX_LIMIT + ", not " + asked);
        }
        return asked;
    }

    static int offset(Integer asked) {
        if (asked != null && asked < 0) {
            throw ApiError.of(Response.Status.BAD_REQUEST, "offset must not be negative, not " + asked);
        }
        return asked == null ? 0 : asked;
    }

    /** Items {@code offset} to {@code offset + limit} of {@code all}, with the next page's link when there is one. */
    static <T> Response of(List<T> all, int offset, int limit, UriInfo uri) {
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        Response.ResponseBuilder response = Response.ok(List.copyOf(all.subList(from, to)))
                .header("X-Total-Count", all.size());
        if (to < all.size()) {
            response.header("Link", "<" + uri.getRequestUriBuilder().replaceQueryParam("offset", to)
                    .replaceQueryParam("limit", limit).build() + ">; rel=\"next\"");
        }
        return response.build();
    }
}
