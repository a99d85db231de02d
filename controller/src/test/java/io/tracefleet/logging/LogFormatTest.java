package io.tracefleet.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.tracefleet.setup.TracefleetConfiguration;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** TRACEFLEET_LOG_FORMAT picks the console layout of controller/config.yml: text for people, JSON for containers. */
class LogFormatTest {

    @SuppressWarnings("unchecked")
    private static LayoutBase<ILoggingEvent> layoutFor(Map<String, String> env) throws Exception {
        YamlConfigurationFactory<TracefleetConfiguration> factory = new YamlConfigurationFactory<>(
                TracefleetConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        TracefleetConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new StringSubstitutor(env)), "config.yml");
        ConsoleAppenderFactory<ILoggingEvent> console = (ConsoleAppenderFactory<ILoggingEvent>)
                ((DefaultLoggingFactory) config.getLoggingFactory()).getAppenders().get(0);
        DiscoverableLayoutFactory<ILoggingEvent> layout = (DiscoverableLayoutFactory<ILoggingEvent>) console.getLayout();
        LayoutBase<ILoggingEvent> built = layout.build(context(), TimeZone.getTimeZone("UTC"));
        built.start();
        return built;
    }

    /** The process's own logback context: events need its MDC adapter. */
    private static LoggerContext context() {
        return (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    }

    private static ILoggingEvent event() {
        return new LoggingEvent("x", context().getLogger("io.tracefleet.reconcile.Reconciler"), Level.INFO,
                "xray-fargate: 1 change", null, null);
    }

    @Test
    void textIsTheDefault() throws Exception {
        String line = layoutFor(Map.of()).doLayout(event());

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Reconciler - xray-fargate: 1 change\\R");
    }

    @Test
    void jsonGivesOneObjectALine() throws Exception {
        String line = layoutFor(Map.of("TRACEFLEET_LOG_FORMAT", "json")).doLayout(event());

        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("logger").asText()).isEqualTo("io.tracefleet.reconcile.Reconciler");
        assertThat(json.get("message").asText()).isEqualTo("xray-fargate: 1 change");
        assertThat(line.strip()).doesNotContain("\n");
    }
}
