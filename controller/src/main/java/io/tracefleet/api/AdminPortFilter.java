package io.tracefleet.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The admin port carries Dropwizard's commands (log levels, GC), thread dumps and a CPU profiler next to the health
 * checks. Only what probes and scrapers need answers without the API token; the rest is the token holder's, and
 * closed when no token is configured. The port also listens on loopback only by default; this holds when someone
 * binds it wider anyway.
 */
public final class AdminPortFilter implements Filter {
    private static final Set<String> OPEN = Set.of("/healthcheck", "/ping", "/prometheus");
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final ApiToken token;

    public AdminPortFilter(ApiToken token) {
        this.token = token;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String path = http.getRequestURI().substring(http.getContextPath().length());
        if (READS.contains(http.getMethod()) && OPEN.contains(path)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiToken.Refusal> refusal = token.refusal(http.getHeader("Authorization"));
        if (refusal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(refusal.get().status());
        if (refusal.get().status() == 401) {
            answer.setHeader("WWW-Authenticate", "Bearer realm=\"tracefleet\"");
        }
        answer.setContentType("application/json");
        byte[] body = ("{\"code\":" + refusal.get().status() + ",\"message\":\"admin port: "
                + refusal.get().message() + "\"}").getBytes(StandardCharsets.UTF_8);
        answer.setContentLength(body.length);
        answer.getOutputStream().write(body);
    }
}
