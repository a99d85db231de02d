package io.tracefleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded default: starts, answers, and never leaves a moto behind. */
class LocalAwsIT {

    private static final Path LOGS = Path.of("target", "moto");

    @Test
    void startsAnswersAndStopsWithoutLeavingMotoBehind() throws Exception {
        Path log = LOGS.resolve("local-aws-it.log");
        long pid;
        try (LocalAws moto = LocalAws.start(LocalAwsSettings.defaults("ap-northeast-1", log))) {
            pid = moto.pid();
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(moto.motoVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(moto.shellExports()).isEqualTo("export AWS_ENDPOINT_URL=" + moto.endpoint()
                    + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=ap-northeast-1"
                    + " AWS_DEFAULT_REGION=ap-northeast-1");
            HttpResponse<String> api = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(moto.endpoint().resolve("/moto-api/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        // moto's request log went to the file it was given.
        assertThat(Files.readString(log)).contains("GET /moto-api/");
    }

    @Test
    void motoDiesWithTheJvmThatStartedItEvenOnSigkill() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                LocalAwsChild.class.getName(), LOGS.resolve("local-aws-child.log").toString())
                .redirectErrorStream(true)
                .start();
        long motoPid;
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            motoPid = readMotoPid(output);
            assertThat(ProcessHandle.of(motoPid)).hasValueSatisfying(moto -> assertThat(moto.isAlive()).isTrue());

            // destroyForcibly is SIGKILL on Unix: no shutdown hook, no close().
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(child.exitValue()).isEqualTo(128 + 9);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(motoPid).map(moto -> !moto.isAlive()).orElse(true));
    }

    @Test
    void aMissingPythonFailsFastSayingWhatToDo() {
        LocalAwsSettings settings = LocalAwsSettings.defaults("us-east-1", LOGS.resolve("no-python.log"))
                .withPythonCommand("/nonexistent/python3");

        assertThatThrownBy(() -> LocalAws.start(settings))
                .isInstanceOf(LocalAwsUnavailableException.class)
                .hasMessageContaining("'/nonexistent/python3' cannot be run")
                .hasMessageContaining("pip install \"moto[server]\"")
                .hasMessageContaining("aws.endpoint: http://")
                .hasMessageContaining("TRACEFLEET_AWS_ENDPOINT=,")
                .as("an absent aws.endpoint is local again: it must not be the advice")
                .hasMessageNotContaining("remov");
    }

    @Test
    void aPythonWithoutMotoFailsFastSayingWhatToDo() {
        // -S skips site-packages, which is where moto lives: a python without moto.
        LocalAwsSettings settings = LocalAwsSettings.defaults("us-east-1", LOGS.resolve("no-moto.log"))
                .withPythonCommand("python3", "-S");

        assertThatThrownBy(() -> LocalAws.start(settings))
                .isInstanceOf(LocalAwsUnavailableException.class)
                .hasMessageContaining("moto is not installed for python3 -S")
                .hasMessageContaining("pip install \"moto[server]\"");
    }

    private static long readMotoPid(BufferedReader output) throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith("MOTO_PID ")) {
                return Long.parseLong(line.substring("MOTO_PID ".length()).trim());
            }
            seen.add(line);
        }
        throw new AssertionError("the child JVM never reported moto's pid; it said: " + seen);
    }
}
