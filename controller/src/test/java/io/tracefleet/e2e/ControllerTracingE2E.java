package io.tracefleet.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import io.tracefleet.testing.OtlpReceiver;
import io.tracefleet.testing.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller's traces as a collector receives them over OTLP/HTTP: one trace for the pass, the application's
 * cycle under it, and under the cycle a span for every AWS call the proxy saw, with its operation, service, region,
 * outcome, attempts and limiter wait.
 */
class ControllerTracingE2E extends E2EBase {
    private final OtlpReceiver receiver = OtlpReceiver.start();

    @Override
    ConfigOverride[] configOverrides() {
        return new ConfigOverride[] {ConfigOverride.config("tracing.otlpEndpoint", receiver.base().toString())};
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aPassIsATraceWithTheCycleUnderItAndEveryAwsCallUnderTheCycle() {
        controller.passFor(APP);
        proxy.inject(FaultRule.on("ecs", "DescribeClusters", Fault.throttling()).times(1));
        proxy.inject(FaultRule.on("logs", "DescribeLogGroups", Fault.serverError(500)).times(4));
        Instant before = Instant.now();
        CallLog.Mark mark = proxy.mark();

        controller.passFor(APP);

        CallLog calls = proxy.callsSince(mark);
        // Spans leave in batches, every few seconds; earlier passes (the start-up one) are traces of their own.
        ReceivedSpan pass = await().atMost(Duration.ofSeconds(30)).until(() -> receiver.spans().stream()
                .filter(s -> s.name().equals("reconcile pass") && s.startEpochNanos() >= epochNanos(before))
                .findFirst(), Optional::isPresent).get();
        assertThat(pass.parentSpanId()).as("a pass is a trace of its own").isEmpty();
        assertThat(pass.resource()).containsEntry("service.name", "tracefleet-controller");
        assertThat(pass.attribute("tracefleet.applications")).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(awsCalls(pass)), n -> n >= calls.total());

        List<ReceivedSpan> cycles = inTrace(pass).stream().filter(s -> s.name().equals("application cycle")).toList();
        assertThat(cycles).singleElement().satisfies(cycle -> {
            assertThat(cycle.parentSpanId()).isEqualTo(pass.spanId());
            assertThat(cycle.attribute("tracefleet.application")).isEqualTo(APP);
            assertThat(cycle.attribute("cloud.region")).isEqualTo("ap-northeast-1");
            assertThat(cycle.attribute("tracefleet.apply")).isEqualTo(true);
            assertThat(cycle.attribute("tracefleet.changes")).isEqualTo(0L);
            assertThat((Long) cycle.attribute("tracefleet.errors")).as("the log groups could not be read")
                    .isPositive();
            assertThat(cycle.statusCode()).isEqualTo("STATUS_CODE_ERROR");
        });
        ReceivedSpan cycle = cycles.get(0);

        List<ReceivedSpan> awsCalls = awsCalls(pass);
        assertThat(byOperation(awsCalls)).as("a span for each call, its attempts the proxy's count")
                .isEqualTo(calls.calls().stream().collect(Collectors.groupingBy(c -> c.service() + ":" + c.operation(),
                        TreeMap::new, Collectors.counting())));
        assertThat(awsCalls).allSatisfy(span -> {
            assertThat(span.parentSpanId()).as(span.name()).isEqualTo(cycle.spanId());
            assertThat(span.kind()).isEqualTo("SPAN_KIND_CLIENT");
            assertThat(span.name()).isEqualTo(span.attribute("rpc.service") + "." + span.attribute("rpc.method"));
            assertThat(span.attribute("cloud.region")).isEqualTo(
                    "IAM".equals(span.attribute("rpc.service")) ? "us-east-1" : "ap-northeast-1");
            assertThat((Double) span.attribute("tracefleet.aws.throttle_wait_ms")).isNotNegative();
        });
        assertThat(awsCalls).filteredOn(s -> s.name().equals("ECS.DescribeClusters")).first().satisfies(span -> {
            assertThat(span.attribute("tracefleet.aws.attempts")).as("throttled once, then answered").isEqualTo(2L);
            assertThat(span.attribute("tracefleet.aws.retries")).isEqualTo(1L);
            assertThat(span.attribute("tracefleet.aws.outcome")).isEqualTo("success");
            assertThat(span.attribute("http.response.status_code")).isEqualTo(200L);
            assertThat(span.statusCode()).isEqualTo("STATUS_CODE_UNSET");
        });
        assertThat(awsCalls).filteredOn(s -> s.name().equals("Logs.DescribeLogGroups")).first().satisfies(span -> {
            assertThat(span.attribute("tracefleet.aws.attempts")).as("every one of the SDK's 4 attempts failed")
                    .isEqualTo(4L);
            assertThat(span.attribute("tracefleet.aws.retries")).isEqualTo(3L);
            assertThat(span.attribute("tracefleet.aws.outcome")).isEqualTo("InternalFailure");
            assertThat(span.attribute("error.type")).isEqualTo("InternalFailure");
            assertThat(span.attribute("http.response.status_code")).isEqualTo(500L);
            assertThat(span.statusCode()).isEqualTo("STATUS_CODE_ERROR");
        });
        assertThat(awsCalls).as("nothing to change, so reads only").extracting(s -> s.attribute("tracefleet.aws.access"))
                .containsOnly("read");
    }

    private List<ReceivedSpan> inTrace(ReceivedSpan root) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(root.traceId())).toList();
    }

    private List<ReceivedSpan> awsCalls(ReceivedSpan pass) {
        return inTrace(pass).stream().filter(s -> "aws-api".equals(s.attribute("rpc.system"))).toList();
    }

    private static long attempts(List<ReceivedSpan> spans) {
        return spans.stream().mapToLong(s -> (Long) s.attribute("tracefleet.aws.attempts")).sum();
    }

    /** Attempts per operation, named as the proxy names them (the SigV4 signing name and the operation). */
    private static Map<String, Long> byOperation(List<ReceivedSpan> spans) {
        Map<String, String> signingNames = Map.of("ECS", "ecs", "ELBv2", "elasticloadbalancing", "IAM", "iam",
                "EC2", "ec2", "Logs", "logs", "ECR", "ecr", "STS", "sts");
        return spans.stream().collect(Collectors.groupingBy(s -> signingNames.get((String) s.attribute("rpc.service"))
                + ":" + s.attribute("rpc.method"), TreeMap::new,
                Collectors.summingLong(s -> (Long) s.attribute("tracefleet.aws.attempts"))));
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
