package io.tracefleet.samples.a;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tracefleet.samples.tracing.Reply;
import io.tracefleet.samples.tracing.Tracing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * service-a: {@code GET /} calls service-b's {@code POST /create} and relays its status and body;
 * {@code GET /health} answers at once.
 *
 * <p>As in service-b, calls that wait on service-b run on their own pool, so health checks never
 * queue behind a slow backend.
 */
public final class ServiceA implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceA.class.getName());
    private static final String SERVICE_NAME = "service-a";
    private static final int ACCEPT_BACKLOG = 128;

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ExecutorService callWorkers;
    private final Tracing tracing;

    private ServiceA(HttpServer server, ExecutorService requestThreads, ExecutorService callWorkers,
                     Tracing tracing) {
        this.server = server;
        this.requestThreads = requestThreads;
        this.callWorkers = callWorkers;
        this.tracing = tracing;
    }

    public static ServiceA start(ServiceAConfig config) throws IOException {
        Tracing tracing = Tracing.start(SERVICE_NAME, config.tracing());
        Relay relay = new Relay(config, tracing);
        ExecutorService requestThreads = Executors.newFixedThreadPool(4, named("service-a-http"));
        ExecutorService callWorkers = Executors.newFixedThreadPool(config.callWorkers(), named("service-a-call"));

        HttpServer server = HttpServer.create(new InetSocketAddress(config.port()), ACCEPT_BACKLOG);
        server.setExecutor(requestThreads);
        server.createContext("/", exchange -> route(exchange, tracing, relay, callWorkers));
        server.start();
        return new ServiceA(server, requestThreads, callWorkers, tracing);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where a client on this machine reaches the service. */
    public URI localUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        callWorkers.shutdownNow();
        requestThreads.shutdownNow();
        tracing.close();
    }

    public static void main(String[] args) throws IOException {
        ServiceAConfig config = ServiceAConfig.fromEnvironment(System.getenv());
        ServiceA service = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "service-a-shutdown"));
        LOG.info(() -> "service-a listening on port " + service.port() + ", calling service-b at " + config.serviceB()
                + ", tracing to " + config.tracing());
    }

    private static void route(HttpExchange exchange, Tracing tracing, Relay relay, ExecutorService callWorkers)
            throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health") && method.equals("GET")) {
            // Untraced: a health check every few seconds would drown the service map.
            send(exchange, Reply.text(200, "Healthy"));
        } else if (path.equals("/") && method.equals("GET")) {
            try {
                callWorkers.execute(() -> relay(exchange, tracing, relay));
            } catch (RejectedExecutionException shuttingDown) {
                send(exchange, Reply.text(503, "Shutting down"));
            }
        } else if (path.equals("/health") || path.equals("/")) {
            send(exchange, Reply.text(405, "Method Not Allowed"));
        } else {
            send(exchange, Reply.text(404, "Not Found"));
        }
    }

    private static void relay(HttpExchange exchange, Tracing tracing, Relay relay) {
        try {
            send(exchange, tracing.traceRequest(exchange, relay::createInServiceB));
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client went away during /", e);
            exchange.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "/ failed", e);
            sendQuietly(exchange, Reply.text(500, "Internal Server Error"));
        }
    }

    /** The one downstream call: service-b's {@code POST /create}, traced. */
    private static final class Relay {

        private final ServiceAConfig config;
        private final Tracing tracing;
        private final URI create;
        private final HttpClient client;

        Relay(ServiceAConfig config, Tracing tracing) {
            this.config = config;
            this.tracing = tracing;
            this.create = config.serviceB().resolve("/create");
            // HTTP/1.1 only: service-b speaks nothing else, so skip the h2c upgrade attempt.
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(config.callTimeout()).build();
        }

        Reply createInServiceB() {
            try {
                return tracing.traceDownstream("POST", create, traceHeaders -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(create)
                            .timeout(config.callTimeout())
                            .POST(HttpRequest.BodyPublishers.noBody());
                    traceHeaders.forEach(request::header);
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    return new Reply(response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse("application/json"),
                            response.body());
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "service-b unreachable at " + create, e);
                return Reply.json(502, "{\"error\": \"service-b unreachable\"}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.text(503, "Shutting down");
            }
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = reply.bodyBytes();
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendQuietly(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, prefix + "-" + count.incrementAndGet());
    }
}
