package io.tracefleet.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to start the embedded moto.
 *
 * @param pythonCommand     the python to run moto with, plus any interpreter flags; configurable so a
 *                          missing interpreter or a python without moto can be tested
 * @param region            the region the controller works in; moto serves every region, this only
 *                          goes into the ready-to-paste shell line
 * @param logFile           where moto's own log goes
 * @param ecsServiceRunning what moto reports as {@code runningCount} of a new ECS service
 *                          ({@code MOTO_ECS_SERVICE_RUNNING}); without it every service shows 0 tasks
 * @param startTimeout      how long moto may take to answer {@code GET /moto-api/}
 * @param port              the loopback port to serve on; 0: one the kernel picks
 */
public record LocalAwsSettings(
        List<String> pythonCommand,
        String region,
        Path logFile,
        int ecsServiceRunning,
        Duration startTimeout,
        int port) {

    public LocalAwsSettings(List<String> pythonCommand, String region, Path logFile, int ecsServiceRunning,
                            Duration startTimeout) {
        this(pythonCommand, region, logFile, ecsServiceRunning, startTimeout, 0);
    }

    public LocalAwsSettings {
        pythonCommand = List.copyOf(pythonCommand);
        if (pythonCommand.isEmpty()) {
            throw new IllegalArgumentException("pythonCommand needs at least the interpreter");
        }
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535: " + port);
        }
        if (ecsServiceRunning < 0) {
            throw new IllegalArgumentException("ecsServiceRunning must not be negative");
        }
    }

    public static LocalAwsSettings defaults(String region, Path logFile) {
        return new LocalAwsSettings(List.of("python3"), region, logFile, 1, Duration.ofSeconds(60));
    }

    public LocalAwsSettings withPythonCommand(String... command) {
        return new LocalAwsSettings(List.of(command), region, logFile, ecsServiceRunning, startTimeout, port);
    }

    public LocalAwsSettings withPort(int fixedPort) {
        return new LocalAwsSettings(pythonCommand, region, logFile, ecsServiceRunning, startTimeout, fixedPort);
    }
}
