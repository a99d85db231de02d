package io.tracefleet.samples.b;

import com.sun.net.httpserver.HttpExchange;
import java.util.function.Supplier;

/**
 * service-b's tracing, whichever sidecar receives it. The sidecar decides the wire: the X-Ray
 * daemon takes only X-Ray SDK segments over UDP, a collector takes OTLP.
 */
interface Tracing extends AutoCloseable {

    static Tracing start(String serviceName, TracingTarget target) {
        if (target instanceof TracingTarget.Otlp collector) {
            return OpenTelemetryTracing.toCollector(serviceName, collector);
        }
        return XRaySdkTracing.toDaemon(serviceName, ((TracingTarget.XRayDaemon) target).address());
    }

    /**
     * Runs {@code handler} inside a server span (an X-Ray segment) that continues the caller's
     * {@code X-Amzn-Trace-Id}, recording the request and the reply.
     */
    Reply traceRequest(HttpExchange exchange, Supplier<Reply> handler);

    /** Sends what is still buffered; the service calls it on the way down. */
    @Override
    void close();
}
