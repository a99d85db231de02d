package io.tracefleet.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * moto, the AWS emulator, running as a child process on a free loopback port: the controller's backend
 * when its config says {@code aws.endpoint: local}, and the backend of the tests.
 *
 * <p>moto never outlives the JVM that started it. {@link #close()} and a shutdown hook stop it politely;
 * for the cases where neither runs (SIGKILL, a crash) moto is started through a small python watchdog that
 * exits as soon as its stdin reaches EOF, which the kernel causes when this JVM, the only holder of the
 * pipe's write end, dies.
 */
public final class LocalAws implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);
    private static final String READY = "TRACEFLEET_MOTO_READY ";
    private static final String MISSING = "TRACEFLEET_MOTO_MISSING ";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final LocalAwsSettings settings;
    private final Process process;
    // Held, never written: closing it (or this JVM dying) is what stops the watchdog.
    private final OutputStream watchdogPipe;
    private final URI endpoint;
    private final String motoVersion;
    private final long motoPid;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalAws(LocalAwsSettings settings, Process process, int port, String motoVersion, long motoPid) {
        this.settings = settings;
        this.process = process;
        this.watchdogPipe = process.getOutputStream();
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.motoVersion = motoVersion;
        this.motoPid = motoPid;
        this.shutdownHook = new Thread(this::stopProcess, "local-aws-shutdown");
    }

    /**
     * Starts moto and returns once it answers HTTP.
     *
     * @throws LocalAwsUnavailableException when the python interpreter or moto is missing
     */
    public static LocalAws start(LocalAwsSettings settings) {
        String python = String.join(" ", settings.pythonCommand());
        Process process = launch(settings, python);
        Handshake handshake;
        try {
            handshake = awaitHandshake(process, settings.startTimeout());
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        if (handshake.missingModule() != null) {
            throw new LocalAwsUnavailableException(python,
                    "moto is not installed for " + python + " (" + handshake.missingModule() + ")", null);
        }
        if (handshake.port() == 0) {
            process.destroyForcibly();
            throw new IllegalStateException("moto stopped before it was ready (exit code "
                    + exitCodeOf(process) + "); its log is " + settings.logFile()
                    + "; its output was: " + handshake.output());
        }
        LocalAws aws = new LocalAws(settings, process, handshake.port(), handshake.motoVersion(), handshake.pid());
        Runtime.getRuntime().addShutdownHook(aws.shutdownHook);
        try {
            aws.awaitApi(settings.startTimeout());
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
        LOG.info("moto {} is serving AWS at {} (pid {}, log {})", aws.motoVersion, aws.endpoint, aws.motoPid,
                settings.logFile());
        return aws;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String motoVersion() {
        return motoVersion;
    }

    /** The pid of the python process that runs moto's server. */
    public long pid() {
        return motoPid;
    }

    public Path logFile() {
        return settings.logFile();
    }

    public String region() {
        return settings.region();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Completes when moto's process has exited, for whatever reason, with its exit code. */
    public java.util.concurrent.CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public LocalAwsSettings settings() {
        return settings;
    }

    /**
     * A line to paste into a shell so the AWS CLI and SDKs talk to this moto. Both region variables: the AWS CLI v1
     * (Debian's awscli) reads only AWS_DEFAULT_REGION, the v2 CLI and the SDKs AWS_REGION.
     */
    public String shellExports() {
        return "export AWS_ENDPOINT_URL=" + endpoint + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
                + " AWS_REGION=" + settings.region() + " AWS_DEFAULT_REGION=" + settings.region();
    }

    /** Forgets every resource in every region and account: {@code POST /moto-api/reset}. */
    public void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        int status = send(request);
        if (status != 200) {
            throw new IllegalStateException("moto refused to reset: HTTP " + status);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it stops moto itself.
        }
        stopProcess();
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        try {
            watchdogPipe.close();
        } catch (IOException ignored) {
            // The watchdog sees EOF all the same once the descriptor is gone.
        }
        if (waitForExit(STOP_GRACE)) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP_GRACE)) {
            process.destroyForcibly();
            waitForExit(STOP_GRACE);
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static Process launch(LocalAwsSettings settings, String python) {
        List<String> command = new ArrayList<>(settings.pythonCommand());
        command.add("-c");
        command.add(watchdogScript());
        try {
            Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of moto's log " + settings.logFile(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        builder.environment().put("MOTO_ECS_SERVICE_RUNNING", Integer.toString(settings.ecsServiceRunning()));
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("TRACEFLEET_MOTO_PORT", Integer.toString(settings.port()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LocalAwsUnavailableException(python, "'" + python + "' cannot be run (" + e.getMessage() + ")", e);
        }
    }

    private static String watchdogScript() {
        try (InputStream in = LocalAws.class.getResourceAsStream("moto_watchdog.py")) {
            if (in == null) {
                throw new IllegalStateException("moto_watchdog.py is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the watchdog said on stdout before it handed stdout over to the log. */
    private record Handshake(int port, String motoVersion, long pid, String missingModule, String output) {
    }

    private static Handshake awaitHandshake(Process process, Duration timeout) {
        CompletableFuture<Handshake> handshake = CompletableFuture.supplyAsync(() -> readHandshake(process));
        try {
            return handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("moto did not start within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read moto's startup output", e.getCause());
        }
    }

    private static Handshake readHandshake(Process process) {
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(READY)) {
                    String[] fields = line.substring(READY.length()).trim().split(" ");
                    return new Handshake(Integer.parseInt(fields[0]), fields[1], Long.parseLong(fields[2]), null, "");
                }
                if (line.startsWith(MISSING)) {
                    return new Handshake(0, null, 0, line.substring(MISSING.length()), "");
                }
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Handshake(0, null, 0, null, output.toString());
    }

    private void awaitApi(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited with code " + process.exitValue()
                        + " while starting; its log is " + settings.logFile());
            }
            try {
                if (send(request) == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("moto at " + endpoint + " did not answer within " + timeout, last);
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach moto at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling moto", e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }

    private static String exitCodeOf(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
