package io.tracefleet.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.tracefleet.aws.AwsError;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.aws.AwsOperation;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client span per AWS call made under a span (the application cycle's, current on the calling thread),
 * named {@code ECS.DescribeServices} as OpenTelemetry's AWS SDK conventions do, with the region, the outcome (AWS's
 * error code), the HTTP attempts (so the SDK's retries) and the time spent waiting for the client-side rate limiter.
 * That wait is measured by two interceptors around the limiter, {@link #opening()} before it and {@link #closing()}
 * after it, so the limiter itself knows nothing of tracing.
 */
public final class AwsCallSpans {
    public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    public static final AttributeKey<String> REGION = AttributeKey.stringKey("cloud.region");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tracefleet.aws.outcome");
    public static final AttributeKey<String> ACCESS = AttributeKey.stringKey("tracefleet.aws.access");
    public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("tracefleet.aws.attempts");
    public static final AttributeKey<Long> RETRIES = AttributeKey.longKey("tracefleet.aws.retries");
    public static final AttributeKey<Double> THROTTLE_WAIT_MS = AttributeKey.doubleKey("tracefleet.aws.throttle_wait_ms");
    public static final String SUCCESS = "success";

    private static final ExecutionAttribute<Call> CALL = new ExecutionAttribute<>("tracefleet.span");

    private final Tracer tracer;

    public AwsCallSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Goes before the rate limiter: opens the span, and marks when each attempt starts waiting for its token. */
    public ExecutionInterceptor opening() {
        return new Opening();
    }

    /** Goes after the rate limiter: each attempt's token is in hand, so its wait ends here. */
    public ExecutionInterceptor closing() {
        return new Closing();
    }

    /** One call's span and counters, across its attempts. */
    private static final class Call {
        final Span span;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicLong waitStartedAt = new AtomicLong();
        final AtomicLong waitedNanos = new AtomicLong();

        Call(Span span) {
            this.span = span;
        }
    }

    private final class Opening implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Optional<AwsOperation> operation = AwsOperation.ofCall(attributes);
            // Only calls made for a pass or a cycle: the lease heartbeats and the health checks would otherwise be
            // a trace each, every few seconds, burying the passes.
            if (operation.isEmpty() || !Span.current().getSpanContext().isValid()) {
                return;
            }
            AwsOperation op = operation.get();
            Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
            Span span = tracer.spanBuilder(op.service().displayName() + "." + op.name())
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(RPC_SYSTEM, "aws-api")
                    .setAttribute(RPC_SERVICE, op.service().displayName())
                    .setAttribute(RPC_METHOD, op.name())
                    .setAttribute(ACCESS, op.access().name().toLowerCase(java.util.Locale.ROOT))
                    .setAttribute(REGION, region == null ? "" : region.id())
                    .startSpan();
            // A no-op span records nothing: the call then carries no state at all.
            if (span.isRecording()) {
                attributes.putAttribute(CALL, new Call(span));
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            Call call = attributes.getAttribute(CALL);
            if (call != null) {
                call.attempts.incrementAndGet();
                call.waitStartedAt.set(System.nanoTime());
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            Call call = attributes.getAttribute(CALL);
            if (call != null) {
                call.span.setAttribute(HTTP_STATUS, (long) context.httpResponse().statusCode());
                end(call, SUCCESS);
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            Call call = attributes.getAttribute(CALL);
            if (call == null) {
                return;
            }
            AwsError error = AwsErrors.inspect(context.exception());
            error.httpStatus().ifPresent(status -> call.span.setAttribute(HTTP_STATUS, (long) status));
            call.span.setAttribute(ERROR_TYPE, error.errorCode());
            call.span.setStatus(StatusCode.ERROR, error.errorCode());
            end(call, error.errorCode());
        }

        private void end(Call call, String outcome) {
            int attempts = call.attempts.get();
            call.span.setAttribute(OUTCOME, outcome);
            call.span.setAttribute(ATTEMPTS, (long) attempts);
            call.span.setAttribute(RETRIES, (long) Math.max(0, attempts - 1));
            call.span.setAttribute(THROTTLE_WAIT_MS, call.waitedNanos.get() / 1e6);
            call.span.end();
        }
    }

    private static final class Closing implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            Call call = attributes.getAttribute(CALL);
            if (call != null) {
                call.waitedNanos.addAndGet(System.nanoTime() - call.waitStartedAt.get());
            }
        }
    }
}
