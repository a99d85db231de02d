package io.tracefleet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallLogTest {

    private static final long MS = 1_000_000;

    private static AwsCall call(long sequence, long arrivedMs, long latencyMs) {
        return new AwsCall(sequence, "ecs", "DescribeServices", "ap-northeast-1", AwsCall.Access.READ, 200,
                Duration.ofMillis(latencyMs), Optional.empty(), arrivedMs * MS);
    }

    @Test
    void overlappingCallsCountOnceAndGapsNotAtAll() {
        // 0-100 and 50-150 overlap (150 ms busy), 120-130 lies inside them, 300-310 stands alone.
        CallLog log = new CallLog(List.of(call(1, 0, 100), call(2, 50, 100), call(4, 300, 10), call(3, 120, 10)));

        assertThat(log.busy()).isEqualTo(Duration.ofMillis(160));
    }

    @Test
    void callsOneAfterAnotherAddUp() {
        CallLog log = new CallLog(List.of(call(1, 0, 40), call(2, 40, 60), call(3, 200, 5)));

        assertThat(log.busy()).isEqualTo(Duration.ofMillis(105));
    }

    @Test
    void noCallsNoTime() {
        assertThat(new CallLog(List.of()).busy()).isZero();
    }
}
