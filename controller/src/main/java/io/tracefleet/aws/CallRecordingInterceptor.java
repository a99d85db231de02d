package io.tracefleet.aws;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records each SDK call into an {@link AwsCallLog} once it has finished, counting its HTTP
 * attempts so that the SDK's own retries show. Execution attributes live for one call, across
 * its attempts, which is where the start time and attempt count are kept.
 */
public final class CallRecordingInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED_AT = new ExecutionAttribute<>("tracefleet.startedAt");
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("tracefleet.attempts");

    private final AwsCallLog log;
    private final Ticker ticker;

    CallRecordingInterceptor(AwsCallLog log, Ticker ticker) {
        this.log = log;
        this.ticker = ticker;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED_AT, ticker.nanoTime());
        attributes.putAttribute(ATTEMPTS, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, AwsCallLog.SUCCESS);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes, AwsErrors.inspect(context.exception()).errorCode());
    }

    private void record(ExecutionAttributes attributes, String outcome) {
        Optional<AwsOperation> operation = AwsCallSite.operationOf(attributes);
        if (operation.isEmpty()) {
            return; // not one of the services Tracefleet manages
        }
        Long startedAt = attributes.getAttribute(STARTED_AT);
        Duration latency = startedAt == null ? Duration.ZERO : Duration.ofNanos(ticker.nanoTime() - startedAt);
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        log.record(new AwsCallLog.CallRecord(operation.get(), outcome, attempts == null ? 0 : attempts.get(), latency));
    }
}
