package io.tracefleet.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The controller's own traces: a trace per reconcile pass, a span per application cycle and per AWS call, sent over
 * OTLP/HTTP when an endpoint is set. Without one, everything is OpenTelemetry's no-op: spans are never built, so
 * tracing that is off costs a few virtual calls per AWS call and nothing per resource.
 */
public final class ControllerTracing implements AutoCloseable {
    public static final String INSTRUMENTATION = "io.tracefleet.controller";
    public static final String SERVICE_NAME = "tracefleet-controller";

    private final OpenTelemetry openTelemetry;
    private final Optional<SdkTracerProvider> provider;
    private final Optional<URI> endpoint;

    private ControllerTracing(OpenTelemetry openTelemetry, Optional<SdkTracerProvider> provider,
                              Optional<URI> endpoint) {
        this.openTelemetry = openTelemetry;
        this.provider = provider;
        this.endpoint = endpoint;
    }

    public static ControllerTracing off() {
        return new ControllerTracing(OpenTelemetry.noop(), Optional.empty(), Optional.empty());
    }

    /** Spans batched and posted to {@code tracesUrl} (a collector's {@code …/v1/traces}). */
    public static ControllerTracing exportingTo(URI tracesUrl, String serviceInstance) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", SERVICE_NAME)
                .put("service.instance.id", serviceInstance)
                .build()));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(tracesUrl.toString()).build()).build())
                .build();
        return new ControllerTracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(),
                Optional.of(provider), Optional.of(tracesUrl));
    }

    /**
     * Tracefleet's setting first; else OpenTelemetry's own variables, so a controller deployed beside a collector
     * that already sets them for everything else needs nothing of its own: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}
     * is the full URL, {@code OTEL_EXPORTER_OTLP_ENDPOINT} the base that {@code /v1/traces} is added to. Tracefleet's
     * setting is a base too. Empty: off.
     */
    public static Optional<URI> tracesUrl(String configured, Function<String, String> environment) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(withTracesPath(configured.trim()));
        }
        String traces = environment.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        if (traces != null && !traces.isBlank()) {
            return Optional.of(URI.create(traces.trim()));
        }
        String base = environment.apply("OTEL_EXPORTER_OTLP_ENDPOINT");
        return base == null || base.isBlank() ? Optional.empty() : Optional.of(withTracesPath(base.trim()));
    }

    private static URI withTracesPath(String base) {
        return URI.create(base.endsWith("/") ? base + "v1/traces" : base + "/v1/traces");
    }

    public Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    /** The SDK interceptors that make a span of each AWS call; see {@link AwsCallSpans}. */
    public AwsCallSpans awsCallSpans() {
        return new AwsCallSpans(tracer());
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    /** For people: where spans go, or that they go nowhere. */
    public String describe() {
        return endpoint.map(uri -> "traces to " + uri + " (OTLP/HTTP)").orElse("tracing off");
    }

    /** Sends what is batched, waiting at most five seconds, then stops exporting. */
    @Override
    public void close() {
        provider.ifPresent(p -> p.shutdown().join(5, TimeUnit.SECONDS));
    }
}
