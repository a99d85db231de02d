package io.tracefleet.samples.tracing;

import com.sun.net.httpserver.HttpExchange;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tracing with the OpenTelemetry SDK, spans over OTLP to a collector (the {@code adot} sidecar),
 * which turns them into X-Ray segments. X-Ray's id format and {@code X-Amzn-Trace-Id} header keep
 * a fleet that still runs X-Ray SDK services in one trace with this one.
 *
 * <p>Attribute names follow OpenTelemetry's stable HTTP semantic conventions, which the collector's
 * X-Ray exporter maps to a segment's {@code http} block.
 */
final class OpenTelemetryTracing implements Tracing {

    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<Long> BODY_SIZE = AttributeKey.longKey("http.response.body.size");

    // The exchange's headers are case-insensitive, as HTTP's names are.
    private static final TextMapGetter<HttpExchange> REQUEST_HEADERS =
            (exchange, name) -> exchange == null ? null : exchange.getRequestHeaders().getFirst(name);

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private OpenTelemetryTracing(SdkTracerProvider provider, TextMapPropagator propagator) {
        this.provider = provider;
        this.tracer = provider.get(OpenTelemetryTracing.class.getName());
        this.propagator = propagator;
    }

    static OpenTelemetryTracing toCollector(String serviceName, TracingTarget.Otlp target) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
                .setIdGenerator(new XRayIdGenerator())
                // The caller's decision wins, Sampled=0 included; without one, everything is
                // sampled, decided locally, as with the X-Ray SDK.
                .setSampler(new CallersDecision(Sampler.parentBased(Sampler.alwaysOn())))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter(target))
                        .setScheduleDelay(target.exportDelay()).build())
                .build();
        return new OpenTelemetryTracing(provider, new XRayTraceHeader());
    }

    private static SpanExporter exporter(TracingTarget.Otlp target) {
        String url = target.tracesUri().toString();
        return switch (target.protocol()) {
            case GRPC -> OtlpGrpcSpanExporter.builder().setEndpoint(url).build();
            case HTTP_PROTOBUF -> OtlpHttpSpanExporter.builder().setEndpoint(url).build();
        };
    }

    @Override
    @SuppressWarnings("try") // the scope is used for what it does: make the span current while open
    public Reply traceRequest(HttpExchange exchange, Supplier<Reply> handler) {
        Context caller = propagator.extract(Context.root(), exchange, REQUEST_HEADERS);
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        Span span;
        // Current while the span starts, so that XRayIdGenerator sees a caller's root without parent.
        try (Scope ignored = caller.makeCurrent()) {
            span = tracer.spanBuilder(method + " " + uri.getPath())
                    .setParent(caller)
                    .setSpanKind(SpanKind.SERVER)
                    .setAllAttributes(requestAttributes(exchange))
                    .startSpan();
        }
        try (Scope ignored = span.makeCurrent()) {
            Reply reply = handler.get();
            recordResponse(span, SpanKind.SERVER, reply);
            return reply;
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    @SuppressWarnings("try") // as above: the call's headers come from the context the scope sets
    public Reply traceDownstream(String method, URI url, DownstreamCall call) throws IOException, InterruptedException {
        Span span = tracer.spanBuilder(method)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method)
                .setAttribute("url.full", url.toString())
                .setAttribute("server.address", url.getHost())
                .setAttribute("server.port", (long) (url.getPort() == -1 ? 80 : url.getPort()))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Map<String, String> headers = new LinkedHashMap<>();
            propagator.inject(Context.current(), headers, Map::put);
            Reply reply = call.send(Map.copyOf(headers));
            recordResponse(span, SpanKind.CLIENT, reply);
            return reply;
        } catch (IOException | InterruptedException | RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** Sends the spans still waiting for their batch; a stopping container should not lose its last traces. */
    @Override
    public void close() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }

    /** Sampled=0 from a caller with no parent span to carry the decision (an X-Ray SDK caller that declined). */
    private record CallersDecision(Sampler delegate) implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                           Attributes attributes, List<LinkData> links) {
            XRayTraceHeader.RootOnly callersRoot = parent.get(XRayTraceHeader.ROOT_ONLY);
            if (callersRoot != null && callersRoot.declined()) {
                return SamplingResult.drop();
            }
            return delegate.shouldSample(parent, traceId, name, kind, attributes, links);
        }

        @Override
        public String getDescription() {
            return "CallersDecision{" + delegate.getDescription() + "}";
        }
    }

    private static Attributes requestAttributes(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        var attributes = Attributes.builder()
                .put(METHOD, exchange.getRequestMethod())
                .put("url.scheme", "http")
                .put("url.path", uri.getPath())
                .put("http.route", uri.getPath());
        if (uri.getRawQuery() != null) {
            attributes.put("url.query", uri.getRawQuery());
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host != null) {
            int colon = host.lastIndexOf(':');
            attributes.put("server.address", colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host);
        }
        String forwardedFor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        // Behind a load balancer the socket peer is the balancer, not the client.
        attributes.put("client.address", forwardedFor != null
                ? forwardedFor.split(",")[0].trim()
                : exchange.getRemoteAddress().getAddress().getHostAddress());
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        if (userAgent != null) {
            attributes.put("user_agent.original", userAgent);
        }
        return attributes.build();
    }

    /**
     * The HTTP conventions' error status: a 5xx on either side, a 4xx only on the client, whose request
     * failed (a server that refuses a bad request has not). X-Ray's marks need no more: the collector's
     * exporter derives error (4xx, 429 also throttle) and fault (5xx) from the status code attribute.
     */
    private static void recordResponse(Span span, SpanKind kind, Reply reply) {
        span.setAttribute(STATUS, (long) reply.status());
        span.setAttribute(BODY_SIZE, (long) reply.bodyBytes().length);
        if (reply.status() >= 500 || reply.status() >= 400 && kind == SpanKind.CLIENT) {
            span.setStatus(StatusCode.ERROR, "HTTP " + reply.status());
        }
    }
}
