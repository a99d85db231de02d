package io.tracefleet.samples.tracing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A sample service's tracing, whichever sidecar receives it. The sidecar decides the wire: the X-Ray
 * daemon takes only X-Ray SDK segments over UDP, a collector takes OTLP.
 */
public interface Tracing extends AutoCloseable {

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

    /** A call to another service, given the headers that carry the trace to it. */
    @FunctionalInterface
    interface DownstreamCall {
        Reply send(Map<String, String> traceHeaders) throws IOException, InterruptedException;
    }

    /**
     * Makes {@code call} inside a client span (an X-Ray remote subsegment) of the current request's
     * span, and hands it the {@code X-Amzn-Trace-Id} that makes the callee's span its child.
     */
    Reply traceDownstream(String method, URI url, DownstreamCall call) throws IOException, InterruptedException;

    /** Sends what is still buffered; the service calls it on the way down. */
    @Override
    void close();
}
