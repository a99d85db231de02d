package io.tracefleet.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An HTTP forwarder between the AWS SDK and an AWS endpoint (moto, or anything else that speaks AWS):
 * point a client's {@code endpointOverride} at {@link #endpoint()}. It forwards every request as it came
 * (method, path, query, headers but the hop-by-hop ones and {@code Host}, body) and every answer as it
 * came (status, headers, body), and meanwhile
 * <ul>
 *   <li>records each call ({@link #calls()}, {@link #mark()}), classified read or write by {@link AwsCall.Access};
 *   <li>injects {@link Fault}s by {@link FaultRule};
 *   <li>simulates {@link ReadAfterWriteLag}.
 * </ul>
 * Nothing in it is specific to moto. Against real AWS it would need an {@code upstream} that maps each
 * service to its regional endpoint, and re-signing: the SDK signs for the proxy's host.
 */
public final class AwsProxy implements AutoCloseable {

    // RFC 9110 hop-by-hop headers, plus the ones the JDK client sets itself and refuses from callers.
    private static final Set<String> NOT_FORWARDED = caseless(
            "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE",
            "Trailer", "Trailers", "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Expect");
    private static final Set<String> NOT_RETURNED = caseless(
            "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Connection", "TE", "Trailer", "Trailers",
            "Transfer-Encoding", "Upgrade", "Content-Length", "Date");

    private final Function<String, URI> upstream;
    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient client;
    private final URI endpoint;
    private final AtomicLong sequence = new AtomicLong();
    private final List<AwsCall> calls = new CopyOnWriteArrayList<>();
    // What each write call said, by sequence number, so a test can tell which resources writes named.
    private final java.util.Map<Long, String> writeTexts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<InjectedFault> faults = new CopyOnWriteArrayList<>();
    private final ReadAfterWriteLag lag = new ReadAfterWriteLag();
    private volatile WriteCutoff cutoff;
    private final Random dice;
    // Released on close, so held calls (latency, timeouts) do not keep the proxy from stopping.
    private final CountDownLatch closing = new CountDownLatch(1);

    private AwsProxy(Function<String, URI> upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.dice = new Random(seed);
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "aws-proxy");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(workers)
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.server.setExecutor(workers);
        this.server.createContext("/", this::handle);
        this.server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A proxy in front of one endpoint that serves every service, like moto. */
    public static AwsProxy start(URI upstream) {
        return start(service -> upstream, 1L);
    }

    /**
     * A proxy that picks the upstream per signing name, and rolls probabilistic faults with a fixed seed
     * so a failing run can be replayed.
     */
    public static AwsProxy start(Function<String, URI> upstreamByService, long seed) {
        try {
            return new AwsProxy(upstreamByService, seed);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy's port", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Every call so far. */
    public CallLog calls() {
        return new CallLog(calls);
    }

    /** A mark to pass to {@link #callsSince(CallLog.Mark)}: "the next cycle made zero writes". */
    public CallLog.Mark mark() {
        return new CallLog.Mark(sequence.get());
    }

    public CallLog callsSince(CallLog.Mark mark) {
        return calls().since(mark);
    }

    public void clearCalls() {
        calls.clear();
        writeTexts.clear();
    }

    /**
     * The write calls (answered or not) whose request names {@code text}: it occurs in the URL-decoded path,
     * a parameter or a JSON body. "No write named the look-alike" is {@code writesNaming(name).isEmpty()}.
     */
    public List<AwsCall> writesNaming(String text) {
        return calls.stream().filter(AwsCall::isWrite)
                .filter(call -> writeTexts.getOrDefault(call.sequence(), "").contains(text)).toList();
    }

    /**
     * Throttles like AWS from now on: every call draws from {@code buckets} and is answered with its service's
     * throttling error when one is empty. {@code proxy.throttleLikeAws(AwsBuckets.documented())}.
     */
    public InjectedFault throttleLikeAws(AwsBuckets buckets) {
        return inject(FaultRule.on("*", "*", Fault.awsBuckets(buckets)));
    }

    public InjectedFault inject(FaultRule rule) {
        InjectedFault injected = new InjectedFault(rule);
        faults.add(injected);
        return injected;
    }

    public void clearFaults() {
        faults.clear();
    }

    public ReadAfterWriteLag lag() {
        return lag;
    }

    /**
     * From the {@code writes + 1}th mutating call on, every call is dropped unanswered until the cutoff is lifted:
     * a caller killed right after its Nth write. Replaces any cutoff in force.
     */
    public WriteCutoff cutOffAfterWrites(int writes) {
        WriteCutoff next = new WriteCutoff(writes);
        cutoff = next;
        return next;
    }

    /** Forgets calls, faults, lag and any write cutoff: a clean proxy for the next test. */
    public void reset() {
        cutoff = null;
        clearFaults();
        clearCalls();
        lag.window(Duration.ZERO).revealAll();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        workers.shutdownNow();
    }

    /** A fault rule in force; {@link #remove()} it, or let it run out. */
    public final class InjectedFault {
        private final FaultRule rule;
        private final AtomicInteger remaining;
        private final AtomicInteger hits = new AtomicInteger();

        private InjectedFault(FaultRule rule) {
            this.rule = rule;
            this.remaining = new AtomicInteger(rule.times());
        }

        public FaultRule rule() {
            return rule;
        }

        /** How many calls this fault was injected into. */
        public int hits() {
            return hits.get();
        }

        public void remove() {
            faults.remove(this);
        }

        private boolean claim(String service, String operation) {
            if (!rule.matches(service, operation)) {
                return false;
            }
            if (rule.probability() < 1.0) {
                synchronized (dice) {
                    if (dice.nextDouble() >= rule.probability()) {
                        return false;
                    }
                }
            }
            if (rule.fault() instanceof Fault.AwsBucketThrottling aws && !aws.buckets().throttles(service, operation)) {
                return false;
            }
            if (rule.times() != FaultRule.UNLIMITED && remaining.getAndDecrement() <= 0) {
                return false;
            }
            hits.incrementAndGet();
            return true;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        long number = sequence.incrementAndGet();
        AwsRequest request;
        try {
            request = AwsRequest.parse(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            exchange.close();
            return;
        }
        if (AwsCall.Access.of(request.operation()) == AwsCall.Access.WRITE) {
            writeTexts.put(number, request.text());
        }
        WriteCutoff stop = cutoff;
        Optional<Fault> fault = stop != null && !stop.admits(request) ? Optional.of(Fault.connectionReset())
                : faults.stream()
                        .filter(injected -> injected.claim(request.service(), request.operation()))
                        .findFirst()
                        .map(injected -> injected.rule().fault());
        Optional<AwsResponse> answer;
        try {
            answer = answer(request, fault.orElse(null));
        } catch (RuntimeException e) {
            answer = Optional.of(AwsResponse.of(502, "text/plain", "aws-proxy: " + e));
        }
        // Logged before the client sees a byte: a test that counts right after its call returns must see it.
        calls.add(new AwsCall(number, request.service(), request.operation(), request.region(),
                AwsCall.Access.of(request.operation()), answer.map(AwsResponse::status).orElse(0),
                Duration.ofNanos(System.nanoTime() - started), fault.map(Fault::label), started));
        try {
            if (answer.isPresent()) {
                respond(exchange, answer.get());
            }
        } finally {
            // Without a response sent, closing the exchange closes the connection: the client sees no answer.
            exchange.close();
        }
    }

    /** The response for the client, or empty to drop the connection unanswered. */
    private Optional<AwsResponse> answer(AwsRequest request, Fault fault) {
        if (fault == null) {
            return Optional.of(forward(request));
        }
        if (fault instanceof Fault.Throttling || fault instanceof Fault.AwsBucketThrottling) {
            return Optional.of(AwsErrors.throttling(request));
        }
        if (fault instanceof Fault.ServerError error) {
            return Optional.of(AwsErrors.serverError(request, error.status()));
        }
        if (fault instanceof Fault.RacedBy race) {
            race.meanwhile().accept(request.text());
            return Optional.of(forward(request));
        }
        if (fault instanceof Fault.Latency latency) {
            hold(latency.delay());
            return Optional.of(forward(request));
        }
        if (fault instanceof Fault.Timeout timeout) {
            hold(timeout.hold());
            return Optional.empty();
        }
        if (fault instanceof Fault.ConnectionReset) {
            return Optional.empty();
        }
        if (fault instanceof Fault.AnswerLost) {
            forward(request);
            return Optional.empty();
        }
        throw new IllegalArgumentException("unknown fault " + fault);
    }

    private AwsResponse forward(AwsRequest request) {
        Optional<AwsResponse> notYetVisible = lag.answerInstead(request);
        if (notYetVisible.isPresent()) {
            return notYetVisible.get();
        }
        URI base = upstream.apply(request.service());
        String target = request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        HttpRequest.Builder outgoing = HttpRequest.newBuilder(base.resolve(target))
                .timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name)) {
                values.forEach(value -> outgoing.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(outgoing.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("upstream " + base + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding", e);
        }
        return lag.afterForward(request,
                new AwsResponse(response.statusCode(), response.headers().map(), response.body()));
    }

    private void respond(HttpExchange exchange, AwsResponse response) throws IOException {
        response.headers().forEach((name, values) -> {
            if (!NOT_RETURNED.contains(name) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, new ArrayList<>(values));
            }
        });
        byte[] body = response.body();
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        // -1 tells the JDK server "no body"; 0 would mean chunked.
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void hold(Duration duration) {
        try {
            closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> caseless(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
