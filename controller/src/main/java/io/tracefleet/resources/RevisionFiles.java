package io.tracefleet.resources;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task definition revisions' content on disk, so that a one-shot {@code plan} or {@code apply} does not describe again
 * every revision an earlier run read: a revision is immutable in ECS and its full ARN (account, region, family and
 * revision number) names exactly one content. Only what DescribeTaskDefinition answers about the content is kept,
 * never the tags: whether a revision is Tracefleet's is read from AWS whenever a write needs it, as in a pass of the
 * server.
 * <p>
 * One file per revision, named by the SHA-256 of its ARN. Its first line is {@code FORMAT}, the ARN and the SHA-256
 * of the rest; a file that does not verify (truncated, edited, another ARN, an older format) is ignored and replaced
 * by the next describe. Files are written to a temporary name and moved into place, so a reader, another process
 * included, sees a whole file or none. Bounded: beyond {@code capacity} files the least recently read go (reads touch
 * their file's time). Owner-only permissions: a revision's plain environment values are in it.
 */
public final class RevisionFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RevisionFiles.class);
    /** Raised whenever the stored view's shape changes, so a file an older version wrote is read as absent. */
    static final String FORMAT = "tracefleet-revision/1";
    /** A few KiB a revision: some tens of MiB at most. */
    public static final int DEFAULT_CAPACITY = 4096;
    private static final String SUFFIX = ".rev";
    private static final String TEMPORARY = ".tmp-";
    /** A temporary file this old was left by a process that died while writing it. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private final Path dir;
    private final int capacity;
    private final AtomicInteger writesSinceTrim = new AtomicInteger();
    private volatile boolean broken;

    private RevisionFiles(Path dir, int capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    /**
     * The files in {@code dir}, created owner-only if missing; empty (revisions are then described every run) when the
     * directory cannot be made, which is said once.
     */
    public static Optional<RevisionFiles> in(Path dir, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                ownerOnly(dir, "rwx------");
            }
            RevisionFiles files = new RevisionFiles(dir, capacity);
            files.trim();
            return Optional.of(files);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("task definition revisions are not kept on disk: cannot use {}: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Where revisions are kept unless configured: {@code $XDG_CACHE_HOME/tracefleet/task-definitions}, else
     * {@code ~/.cache/tracefleet/task-definitions}.
     */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("tracefleet").resolve("task-definitions");
    }

    Path dir() {
        return dir;
    }

    /** The revision kept under this ARN, if its file is there and verifies. */
    Optional<RevisionStore.Revision> read(String arn) {
        if (broken) {
            return Optional.empty();
        }
        Path file = fileOf(arn);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<RevisionStore.Revision> revision = decode(arn, bytes);
        if (revision.isEmpty()) {
            LOG.debug("ignoring {}: it does not verify as the revision {}", file, arn);
            return Optional.empty();
        }
        try {
            // Read recently: the bound removes it last.
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // Only the eviction order suffers.
        }
        return revision;
    }

    /** Keeps a revision described from AWS; a failure to write costs a describe next run, nothing else. */
    void write(RevisionStore.Revision revision) {
        if (broken) {
            return;
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(dir, TEMPORARY, "");
            Files.write(temporary, encode(revision));
            ownerOnly(temporary, "rw-------");
            try {
                Files.move(temporary, fileOf(revision.arn()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, fileOf(revision.arn()), StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            if (writesSinceTrim.incrementAndGet() >= Math.max(1, capacity / 16)) {
                writesSinceTrim.set(0);
                trim();
            }
        } catch (IOException | UncheckedIOException e) {
            broken = true;
            LOG.warn("task definition revisions are no longer kept on disk in {}: {}", dir, e.toString());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // Removed as abandoned by a later trim.
                }
            }
        }
    }

    /** A revision deregistered: nothing will ask for it again. */
    void forget(String arn) {
        try {
            Files.deleteIfExists(fileOf(arn));
        } catch (IOException e) {
            // The bound removes it in time.
        }
    }

    /** Files beyond the capacity, least recently read first, and temporary files abandoned by a dead writer. */
    synchronized void trim() {
        List<Path> kept = new ArrayList<>();
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    kept.add(entry);
                } else if (name.startsWith(TEMPORARY) && modified(entry).isBefore(abandoned)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (kept.size() <= capacity) {
            return;
        }
        kept.sort(Comparator.comparing(RevisionFiles::modified));
        for (Path old : kept.subList(0, kept.size() - capacity)) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                // Tried again at the next trim.
            }
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    Path fileOf(String arn) {
        return dir.resolve(sha256(arn.getBytes(StandardCharsets.UTF_8)) + SUFFIX);
    }

    static byte[] encode(RevisionStore.Revision revision) {
        try {
            byte[] body = JSON.writeValueAsBytes(revision);
            String header = FORMAT + " " + revision.arn() + " " + sha256(body) + "\n";
            byte[] head = header.getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The revision in {@code bytes} if they are a whole file of this format for exactly this ARN. */
    static Optional<RevisionStore.Revision> decode(String arn, byte[] bytes) {
        int newline = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            return Optional.empty();
        }
        String[] header = new String(bytes, 0, newline, StandardCharsets.UTF_8).split(" ");
        if (header.length != 3 || !header[0].equals(FORMAT) || !header[1].equals(arn)) {
            return Optional.empty();
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, newline + 1, bytes.length);
        if (!MessageDigest.isEqual(header[2].getBytes(StandardCharsets.US_ASCII),
                sha256(body).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            RevisionStore.Revision revision = JSON.readValue(body, RevisionStore.Revision.class);
            return arn.equals(revision.arn()) && revision.view() != null ? Optional.of(revision) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
