package io.tracefleet.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tracefleet.health.LocalAwsHealthCheck;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded moto killed with SIGKILL: noticed, reported, restarted where the clients look, logged once. */
class SupervisedLocalAwsIT {
    private static final Path LOGS = Path.of("target", "moto");

    @Test
    void aKilledMotoIsReportedDownWithHowItEndedUntilItServesAgain() {
        // A first retry an hour away holds the down state still for the test to read it.
        try (SupervisedLocalAws aws = SupervisedLocalAws.start(LocalAwsSettings.defaults("ap-northeast-1",
                LOGS.resolve("supervised-down.log")), Duration.ofHours(1), Clock.systemUTC())) {
            long pid = aws.state().pid();
            assertThat(new LocalAwsHealthCheck(aws::state).execute().isHealthy()).isTrue();

            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> !aws.state().running());

            SupervisedLocalAws.State down = aws.state();
            assertThat(down.downSince()).isNotNull();
            assertThat(down.lastExit()).isEqualTo("was killed by signal 9");
            assertThat(down.describe()).startsWith("down since ").contains("moto (pid " + pid + ") was killed by "
                    + "signal 9; restarting it at " + aws.endpoint());
            var health = new LocalAwsHealthCheck(aws::state).execute();
            assertThat(health.isHealthy()).isFalse();
            assertThat(health.getMessage()).contains("was killed by signal 9");
        }
    }

    @Test
    void aKilledMotoIsRestartedOnItsPortAndTheDeathIsLoggedOnce() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SupervisedLocalAws.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (SupervisedLocalAws aws = SupervisedLocalAws.start(LocalAwsSettings.defaults("ap-northeast-1",
                LOGS.resolve("supervised-restart.log")))) {
            long before = aws.state().pid();

            ProcessHandle.of(before).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofMinutes(2)).until(() -> aws.state().restarts() == 1 && aws.state().running());

            SupervisedLocalAws.State after = aws.state();
            assertThat(after.pid()).isNotEqualTo(before);
            assertThat(aws.current().endpoint()).isEqualTo(aws.endpoint());
            assertThat(after.describe()).contains("restarted 1 time(s)").contains("was killed by signal 9");
            HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    aws.endpoint().resolve("/moto-api/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as("the endpoint the clients hold answers again").isEqualTo(200);
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("pid " + before)
                            .contains("was killed by signal 9"));
        } finally {
            logger.detachAppender(log);
        }
    }
}
