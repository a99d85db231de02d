package io.tracefleet.setup;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running controller's embedded AWS is ({@code aws.endpoint: local}), so that {@code plan} and {@code apply}
 * act on it instead of on an empty one of their own: its endpoint and the ownership key its run signs with (random
 * per start, and without it every resource would look unproven). The file sits beside the specs directory, readable
 * by its owner only, and goes when the controller stops; a controller killed outright leaves it, which the pid tells.
 *
 * @param pid the controller's process
 */
public record LocalRunFile(URI endpoint, String ownershipKeys, long pid) {
    static final String NAME = ".tracefleet-local-aws";

    /** The file for a specs directory: beside it, so that the controller and the commands run from one checkout agree. */
    public static Path locationFor(Path specsDir) {
        Path absolute = specsDir.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        return (parent == null ? absolute : parent).resolve(NAME);
    }

    /** Writes it, readable and writable by its owner only, replacing any earlier one. */
    public void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("endpoint", endpoint.toString());
        properties.setProperty("ownershipKeys", ownershipKeys);
        properties.setProperty("pid", Long.toString(pid));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        try (var writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "the embedded AWS of the Tracefleet controller with this pid; removed when it stops");
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's content, if the file exists and the process that wrote it still runs. */
    public static Optional<LocalRunFile> readLive(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            LocalRunFile run = new LocalRunFile(URI.create(properties.getProperty("endpoint", "")),
                    properties.getProperty("ownershipKeys", ""), Long.parseLong(properties.getProperty("pid", "-1")));
            return ProcessHandle.of(run.pid()).filter(ProcessHandle::isAlive).map(p -> run);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if this process wrote it: another controller may have started since and written its own. */
    public static void removeIfOurs(Path file) {
        try {
            if (readLive(file).map(run -> run.pid() == ProcessHandle.current().pid()).orElse(false)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // Only a pointer for the commands; a dead pid already makes a leftover one ignored.
        }
    }
}
