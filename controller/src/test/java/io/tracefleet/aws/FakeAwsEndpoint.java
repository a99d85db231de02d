package io.tracefleet.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny stand-in for AWS on 127.0.0.1: it answers each operation with scripted AWS-shaped
 * responses, in order (the last one repeats), and keeps every request it saw. Operations are told
 * apart the way AWS does: JSON services by X-Amz-Target, Query services by the Action parameter.
 */
final class FakeAwsEndpoint implements AutoCloseable {

    record Reply(int status, String contentType, String body) {
    }

    record Seen(String operation, Map<String, List<String>> headers, String body) {
        String authorization() {
            List<String> values = headers.get("Authorization");
            return values == null ? "" : values.get(0);
        }
    }

    private static final String JSON = "application/x-amz-json-1.1";
    private static final String XML = "text/xml";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakeAwsEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeAwsEndpoint on(String operation, Reply... scripted) {
        replies.put(operation, new ArrayDeque<>(List.of(scripted)));
        return this;
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    List<Seen> seen(String operation) {
        return seen.stream().filter(s -> s.operation().equals(operation)).toList();
    }

    static Reply json(String body) {
        return new Reply(200, JSON, body);
    }

    static Reply jsonError(int status, String code, String message) {
        return new Reply(status, JSON, "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    static Reply xml(String body) {
        return new Reply(200, XML, body);
    }

    /** The error document of IAM, ELBv2 and STS. */
    static Reply queryError(int status, String code, String message) {
        return new Reply(status, XML, "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>");
    }

    /** EC2's own error document. */
    static Reply ec2Error(int status, String code, String message) {
        return new Reply(status, XML, "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error></Errors><RequestID>req-1</RequestID></Response>");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String operation = operationOf(exchange, body);
            seen.add(new Seen(operation, Map.copyOf(exchange.getRequestHeaders()), body));
            Reply reply = next(operation);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            exchange.getResponseHeaders().add("x-amzn-RequestId", "req-1");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Reply next(String operation) {
        Deque<Reply> scripted = replies.get(operation);
        if (scripted == null || scripted.isEmpty()) {
            return new Reply(400, JSON, "{\"__type\":\"UnknownOperationException\",\"message\":\"fake has no reply for "
                    + operation + "\"}");
        }
        synchronized (scripted) {
            return scripted.size() > 1 ? scripted.removeFirst() : scripted.peekFirst();
        }
    }

    private static String operationOf(HttpExchange exchange, String body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.indexOf('.') + 1);
        }
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "?";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
