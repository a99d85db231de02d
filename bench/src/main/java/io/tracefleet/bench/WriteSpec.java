package io.tracefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code WriteSpec N FILE}: the bench's application of N services as a spec file, for runs of the jar's commands. */
public final class WriteSpec {
    private WriteSpec() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: WriteSpec SERVICES FILE");
        }
        Path file = Path.of(args[1]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, SpecGenerator.spec(Integer.parseInt(args[0]), -1));
    }
}
