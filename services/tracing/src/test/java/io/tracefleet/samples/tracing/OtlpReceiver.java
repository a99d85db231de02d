package io.tracefleet.samples.tracing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for an OpenTelemetry collector: OTLP/HTTP with protobuf bodies on a real loopback
 * socket, decoded with the protocol's own generated classes, keeping every span the services send.
 */
public final class OtlpReceiver implements AutoCloseable {

    public static final String PROTOBUF = "application/x-protobuf";
    // Short, so tests wait milliseconds for a batch rather than the five-second default.
    private static final Duration EXPORT_DELAY = Duration.ofMillis(20);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<ReceivedSpan> received = new CopyOnWriteArrayList<>();
    private final List<Exception> failures = new CopyOnWriteArrayList<>();

    /** A span as it arrived, with the name of the service whose resource it came in. */
    public record ReceivedSpan(String service, Span span) {

        private static final HexFormat HEX = HexFormat.of();

        public String name() {
            return span.getName();
        }

        public Span.SpanKind kind() {
            return span.getKind();
        }

        public String traceId() {
            return HEX.formatHex(span.getTraceId().toByteArray());
        }

        public String spanId() {
            return HEX.formatHex(span.getSpanId().toByteArray());
        }

        /** Empty for a span that starts its trace. */
        public String parentSpanId() {
            return HEX.formatHex(span.getParentSpanId().toByteArray());
        }

        public boolean isError() {
            return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        }

        public Optional<AnyValue> attribute(String key) {
            return find(span.getAttributesList(), key);
        }

        public String stringAttribute(String key) {
            return attribute(key).map(AnyValue::getStringValue).orElse(null);
        }

        public long longAttribute(String key) {
            return attribute(key).map(AnyValue::getIntValue).orElseThrow(() -> new AssertionError("no " + key));
        }

        /** The attributes of each event called {@code exception}, as recorded with a thrown exception. */
        public List<List<KeyValue>> exceptions() {
            return span.getEventsList().stream()
                    .filter(event -> event.getName().equals("exception"))
                    .map(Span.Event::getAttributesList)
                    .toList();
        }
    }

    public OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    /** The value for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where a service sends its spans to reach this receiver over OTLP/HTTP. */
    public TracingTarget target() {
        return TracingTarget.otlp(endpoint(), TracingTarget.OtlpProtocol.HTTP_PROTOBUF, EXPORT_DELAY);
    }

    public static Duration exportDelay() {
        return EXPORT_DELAY;
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(received);
    }

    public List<ReceivedSpan> spansOf(String service) {
        return received.stream().filter(span -> span.service().equals(service)).toList();
    }

    /** Requests that were not a well-formed OTLP/HTTP protobuf export; a test should expect none. */
    public List<Exception> failures() {
        return List.copyOf(failures);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!exchange.getRequestMethod().equals("POST") || !PROTOBUF.equals(contentType)) {
                failures.add(new IllegalArgumentException(
                        "not an OTLP/HTTP protobuf export: " + exchange.getRequestMethod() + " " + contentType));
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream body = body(exchange)) {
                request = ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException malformed) {
                failures.add(malformed);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            received.addAll(spansIn(request));
            byte[] reply = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    /** Every span of an export, each with the service named by its resource. */
    static List<ReceivedSpan> spansIn(ExportTraceServiceRequest request) {
        List<ReceivedSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = serviceName(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                scopeSpans.getSpansList().forEach(span -> spans.add(new ReceivedSpan(service, span)));
            }
        }
        return spans;
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream body = exchange.getRequestBody();
        return "gzip".equals(encoding) ? new GZIPInputStream(body) : body;
    }

    private static String serviceName(Resource resource) {
        return find(resource.getAttributesList(), "service.name").map(AnyValue::getStringValue).orElse("");
    }

    private static Optional<AnyValue> find(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst();
    }

    /** OTLP ids are raw bytes; X-Ray writes the same trace id as {@code 1-<8 hex>-<24 hex>}. */
    public static String xrayTraceId(String otlpTraceId) {
        return "1-" + otlpTraceId.substring(0, 8) + "-" + otlpTraceId.substring(8);
    }

    public static String otlpTraceId(String xrayTraceId) {
        return xrayTraceId.substring(2).replace("-", "");
    }


    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
