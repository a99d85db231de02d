package io.tracefleet.samples.b;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.tracefleet.samples.tracing.TracingTarget;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceBConfigTest {

    @Test
    void withoutEnvironmentItIsTheDemoOnPort8080TracingToTheLocalDaemon() {
        ServiceBConfig config = ServiceBConfig.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.tracing()).isEqualTo(TracingTarget.xrayDaemon("127.0.0.1:2000"));
        assertThat(config.pause()).isEqualTo(new RandomPause(Duration.ofSeconds(1)));
        assertThat(config.createWorkers()).isEqualTo(ServiceBConfig.DEFAULT_CREATE_WORKERS);
    }

    @Test
    void portAndDaemonComeFromTheEnvironment() {
        ServiceBConfig config = ServiceBConfig.fromEnvironment(
                Map.of("PORT", "9002", "AWS_XRAY_DAEMON_ADDRESS", "xray-daemon:2000"));

        assertThat(config.port()).isEqualTo(9002);
        assertThat(config.tracing()).isEqualTo(TracingTarget.xrayDaemon("xray-daemon:2000"));
    }

    @Test
    void aPortThatIsNotANumberIsRejectedByName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServiceBConfig.fromEnvironment(Map.of("PORT", "eighty")))
                .withMessageContaining("PORT");
    }

    @Test
    void aRandomPauseNeverExceedsItsBound() throws InterruptedException {
        // A zero bound must not sleep at all, so a thousand of them finish at once.
        RandomPause none = new RandomPause(Duration.ZERO);
        for (int i = 0; i < 1_000; i++) {
            none.await();
        }
        assertThatIllegalArgumentException().isThrownBy(() -> new RandomPause(Duration.ofMillis(-1)));
    }
}
