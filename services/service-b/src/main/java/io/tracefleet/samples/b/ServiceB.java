package io.tracefleet.samples.b;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tracefleet.samples.tracing.Reply;
import io.tracefleet.samples.tracing.Tracing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * service-b: {@code POST /create} answers slowly with 200 or 403, {@code GET /health} at once.
 *
 * <p>Two thread pools: the server's own handles {@code /health} and hands {@code /create} to a
 * separate pool where requests sleep. However many creations are waiting, health checks never
 * queue behind them, so the load balancer does not kill a task for being busy.
 */
public final class ServiceB implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServiceB.class.getName());
    private static final String SERVICE_NAME = "service-b";
    private static final int ACCEPT_BACKLOG = 128;

    private final HttpServer server;
    private final ExecutorService requestThreads;
    private final ExecutorService createWorkers;
    private final Tracing tracing;

    private ServiceB(HttpServer server, ExecutorService requestThreads, ExecutorService createWorkers,
                     Tracing tracing) {
        this.server = server;
        this.requestThreads = requestThreads;
        this.createWorkers = createWorkers;
        this.tracing = tracing;
    }

    public static ServiceB start(ServiceBConfig config) throws IOException {
        Tracing tracing = Tracing.start(SERVICE_NAME, config.tracing());
        CreateEndpoint endpoint = new CreateEndpoint(config.pause(), config.verdict());
        ExecutorService requestThreads = Executors.newFixedThreadPool(4, named("service-b-http"));
        ExecutorService createWorkers = Executors.newFixedThreadPool(config.createWorkers(), named("service-b-create"));

        HttpServer server = HttpServer.create(new InetSocketAddress(config.port()), ACCEPT_BACKLOG);
        server.setExecutor(requestThreads);
        server.createContext("/", exchange -> route(exchange, tracing, endpoint, createWorkers));
        server.start();
        return new ServiceB(server, requestThreads, createWorkers, tracing);
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
        createWorkers.shutdownNow();
        requestThreads.shutdownNow();
        tracing.close();
    }

    public static void main(String[] args) throws IOException {
        ServiceBConfig config = ServiceBConfig.fromEnvironment(System.getenv());
        ServiceB service = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "service-b-shutdown"));
        LOG.info(() -> "service-b listening on port " + service.port() + ", tracing to " + config.tracing());
    }

    private static void route(HttpExchange exchange, Tracing tracing, CreateEndpoint endpoint,
                              ExecutorService createWorkers) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health") && method.equals("GET")) {
            // Untraced: a health check every few seconds would drown the service map.
            send(exchange, Reply.text(200, "Healthy"));
        } else if (path.equals("/create") && method.equals("POST")) {
            try {
                createWorkers.execute(() -> create(exchange, tracing, endpoint));
            } catch (RejectedExecutionException shuttingDown) {
                send(exchange, Reply.text(503, "Shutting down"));
            }
        } else if (path.equals("/health") || path.equals("/create")) {
            send(exchange, Reply.text(405, "Method Not Allowed"));
        } else {
            send(exchange, Reply.text(404, "Not Found"));
        }
    }

    private static void create(HttpExchange exchange, Tracing tracing, CreateEndpoint endpoint) {
        try {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            Reply reply = tracing.traceRequest(exchange, () -> {
                try {
                    return endpoint.create();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Reply.text(503, "Shutting down");
                }
            });
            send(exchange, reply);
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "client went away during /create", e);
            exchange.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "/create failed", e);
            sendQuietly(exchange, Reply.text(500, "Internal Server Error"));
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
