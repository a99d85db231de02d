package io.tracefleet.samples.tracing;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.contexts.SegmentContextResolverChain;
import com.amazonaws.xray.contexts.ThreadLocalSegmentContextResolver;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.entities.TraceHeader;
import com.amazonaws.xray.entities.TraceHeader.SampleDecision;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import com.amazonaws.xray.strategy.sampling.SamplingStrategy;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tracing with the X-Ray SDK, segments over UDP to the X-Ray daemon: what the {@code xray-daemon}
 * sidecar accepts. The X-Ray SDKs and daemon reach end of support on 2027-02-25; this class goes
 * when that sidecar does.
 */
final class XRaySdkTracing implements Tracing {

    private static final String TRACE_HEADER = "X-Amzn-Trace-Id";

    private final String serviceName;
    private final AWSXRayRecorder recorder;
    private final SamplingStrategy sampling;

    private XRaySdkTracing(String serviceName, AWSXRayRecorder recorder, SamplingStrategy sampling) {
        this.serviceName = serviceName;
        this.recorder = recorder;
        this.sampling = sampling;
    }

    /**
     * A recorder that sends segments over UDP to the daemon at {@code daemonAddress}. The SDK lets
     * {@code AWS_XRAY_DAEMON_ADDRESS} (or the {@code com.amazonaws.xray.emitters.daemonAddress}
     * system property) override it.
     */
    static XRaySdkTracing toDaemon(String serviceName, String daemonAddress) {
        DaemonConfiguration daemon = new DaemonConfiguration();
        if (System.getenv(DaemonConfiguration.DAEMON_ADDRESS_ENVIRONMENT_VARIABLE_KEY) == null
                && System.getProperty(DaemonConfiguration.DAEMON_ADDRESS_SYSTEM_PROPERTY_KEY) == null) {
            // Called only when it takes effect: the SDK would ignore it, with a log line saying so.
            daemon.setDaemonAddress(daemonAddress);
        }
        // Centralized sampling would poll the X-Ray API; the demo samples everything, locally.
        SamplingStrategy sampling = new AllSamplingStrategy();
        // Only the thread-local context: the default chain also probes for AWS Lambda.
        SegmentContextResolverChain contexts = new SegmentContextResolverChain();
        contexts.addResolver(new ThreadLocalSegmentContextResolver());
        try {
            AWSXRayRecorder recorder = AWSXRayRecorderBuilder.standard()
                    .withEmitter(Emitter.create(daemon))
                    .withSamplingStrategy(sampling)
                    .withSegmentContextResolverChain(contexts)
                    .build();
            return new XRaySdkTracing(serviceName, recorder, sampling);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP socket for the X-Ray daemon", e);
        }
    }

    /**
     * Runs {@code handler} inside a segment that continues the caller's trace, recording the
     * request and the reply. The segment is sent before the reply is written.
     */
    @Override
    public Reply traceRequest(HttpExchange exchange, Supplier<Reply> handler) {
        Segment segment = beginSegment(exchange);
        try {
            Reply reply = handler.get();
            recordResponse(segment, reply);
            return reply;
        } catch (RuntimeException | Error e) {
            segment.addException(e);
            segment.setFault(true);
            throw e;
        } finally {
            recorder.endSegment();
        }
    }

    /**
     * A remote subsegment of the current request's segment; the header it hands on makes the
     * callee's segment a child of that subsegment.
     */
    @Override
    public Reply traceDownstream(String method, URI url, DownstreamCall call) throws IOException, InterruptedException {
        Segment segment = recorder.getCurrentSegment();
        // Named after the host, as X-Ray's own HTTP client instrumentation does: the service map
        // node of the callee.
        Subsegment subsegment = recorder.beginSubsegment(url.getHost());
        try {
            subsegment.setNamespace("remote");
            subsegment.putHttp("request", Map.of("url", url.toString(), "method", method));
            Reply reply = call.send(Map.of(TRACE_HEADER, downstreamHeader(segment, subsegment)));
            recordResponse(subsegment, reply);
            return reply;
        } catch (IOException | InterruptedException | RuntimeException e) {
            subsegment.addException(e);
            subsegment.setFault(true);
            throw e;
        } finally {
            recorder.endSubsegment();
        }
    }

    /** Segments leave as each one ends, so there is nothing to flush. */
    @Override
    public void close() {
    }

    private static String downstreamHeader(Segment segment, Subsegment subsegment) {
        if (!segment.isSampled()) {
            return new TraceHeader(segment.getTraceId(), null, SampleDecision.NOT_SAMPLED).toString();
        }
        return new TraceHeader(segment.getTraceId(), subsegment.getId(), SampleDecision.SAMPLED).toString();
    }

    private Segment beginSegment(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(TRACE_HEADER);
        TraceHeader incoming = header == null ? new TraceHeader() : TraceHeader.fromString(header);
        Segment segment = incoming.getRootTraceId() == null
                ? recorder.beginSegment(serviceName)
                : recorder.beginSegment(serviceName, incoming.getRootTraceId(), incoming.getParentId());
        segment.setSampled(isSampled(incoming.getSampled(), exchange));
        segment.putHttp("request", requestFields(exchange));
        return segment;
    }

    /** The caller's decision wins; without one, ask the local strategy. */
    private boolean isSampled(SampleDecision callerDecision, HttpExchange exchange) {
        if (callerDecision == SampleDecision.SAMPLED) {
            return true;
        }
        if (callerDecision == SampleDecision.NOT_SAMPLED) {
            return false;
        }
        SamplingRequest request = new SamplingRequest(
                serviceName,
                exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestURI().getPath(),
                exchange.getRequestMethod(),
                recorder.getOrigin());
        return sampling.shouldTrace(request).isSampled();
    }

    private static Map<String, Object> requestFields(HttpExchange exchange) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("method", exchange.getRequestMethod());
        String host = exchange.getRequestHeaders().getFirst("Host");
        fields.put("url", "http://" + (host == null ? "localhost" : host) + exchange.getRequestURI());
        String forwardedFor = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
        if (forwardedFor != null) {
            // Behind a load balancer the socket peer is the balancer, not the client.
            fields.put("client_ip", forwardedFor.split(",")[0].trim());
            fields.put("x_forwarded_for", true);
        } else {
            fields.put("client_ip", exchange.getRemoteAddress().getAddress().getHostAddress());
        }
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        if (userAgent != null) {
            fields.put("user_agent", userAgent);
        }
        return fields;
    }

    private static void recordResponse(Entity entity, Reply reply) {
        entity.putHttp("response", Map.of("status", reply.status(), "content_length", reply.bodyBytes().length));
        markStatus(entity, reply.status());
    }

    /** X-Ray's convention: 4xx is an error (429 also a throttle), 5xx a fault. */
    private static void markStatus(Entity entity, int status) {
        if (status == 429) {
            entity.setThrottle(true);
        }
        if (status >= 400 && status < 500) {
            entity.setError(true);
        } else if (status >= 500) {
            entity.setFault(true);
        }
    }
}
