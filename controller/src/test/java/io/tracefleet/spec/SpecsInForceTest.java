package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SpecsInForceTest {
    @TempDir
    Path dir;

    private final String shop = TestSpecs.minimal("web:\n  image: nginx:1\n  port: 80\n");

    @Test
    void anInvalidFileKeepsItsLastValidVersionInForce() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir);
        assertThat(specs.refresh().applications()).extracting(TracedApplication::name).containsExactly("shop");

        Files.writeString(dir.resolve("shop.yaml"), shop.replace("image: nginx:1", "image: nginx:2")
                .replace("port: 80", "port: [broken"));
        SpecsInForce.Refresh refresh = specs.refresh();

        assertThat(refresh.errors()).isNotEmpty();
        assertThat(refresh.removed()).as("an invalid spec removes nothing").isEmpty();
        assertThat(refresh.filesKeptAtLastValid()).containsExactly(dir.resolve("shop.yaml"));
        assertThat(refresh.applications()).singleElement().satisfies(app ->
                assertThat(app.spec().services().get("web").image()).isEqualTo("nginx:1"));
    }

    @Test
    void anInvalidFileNeverSeenValidAppliesNothing() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop.replace("port: 80", "port: 0"));

        SpecsInForce.Refresh refresh = new SpecsInForce(dir).refresh();

        assertThat(refresh.applications()).isEmpty();
        assertThat(refresh.removed()).isEmpty();
        assertThat(refresh.errors()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo(
                "spec.services.web.port"));
    }

    @Test
    void aValidEditReplacesTheVersionInForce() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir);
        specs.refresh();

        Files.writeString(dir.resolve("shop.yaml"), shop.replace("image: nginx:1", "image: nginx:2"));

        assertThat(specs.refresh().applications()).singleElement().satisfies(app ->
                assertThat(app.spec().services().get("web").image()).isEqualTo("nginx:2"));
    }

    @Test
    void aDeletedFileOrARenamedApplicationIsReportedAsRemoved() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir);
        specs.refresh();

        Files.writeString(dir.resolve("shop.yaml"), shop.replace("name: shop", "name: store"));
        SpecsInForce.Refresh renamed = specs.refresh();
        assertThat(renamed.removed()).extracting(TracedApplication::name).containsExactly("shop");
        assertThat(renamed.applications()).extracting(TracedApplication::name).containsExactly("store");

        Files.delete(dir.resolve("shop.yaml"));
        SpecsInForce.Refresh deleted = specs.refresh();
        assertThat(deleted.removed()).extracting(TracedApplication::name).containsExactly("store");
        assertThat(deleted.applications()).isEmpty();
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-12-03T10:00:00Z");

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(5);

    @Test
    void aDirectoryMovedAwayRemovesNothingAndKeepsEveryApplicationInForce() throws IOException {
        Path specsDir = dir.resolve("specs");
        Files.createDirectory(specsDir);
        Files.writeString(specsDir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(specsDir, SETTLE, clock);
        specs.refresh();

        Files.move(specsDir, dir.resolve("specs.moved"));
        for (int i = 0; i < 3; i++) {
            clock.advance(java.time.Duration.ofSeconds(10));
            SpecsInForce.Refresh refresh = specs.refresh();
            assertThat(refresh.removed()).as("a directory that cannot be read is no intent").isEmpty();
            assertThat(refresh.pendingRemoval()).isEmpty();
            assertThat(refresh.applications()).extracting(TracedApplication::name).containsExactly("shop");
            assertThat(refresh.sourceProblem()).isNotNull();
        }
        assertThat(specs.sourceProblem()).hasValueSatisfying(p ->
                assertThat(p.describe()).contains("no such directory").contains("nothing is removed"));

        Files.move(dir.resolve("specs.moved"), specsDir);
        SpecsInForce.Refresh back = specs.refresh();
        assertThat(back.removed()).isEmpty();
        assertThat(back.sourceProblem()).isNull();
        assertThat(specs.sourceProblem()).isEmpty();
        assertThat(specs.settlesAt("shop")).as("the same bytes as before: nothing changed").isEmpty();
    }

    @Test
    void aDirectoryMovedAwayOrReplacedWhileItIsReadRemovesNothing() throws IOException {
        Path specsDir = dir.resolve("specs");
        Files.createDirectory(specsDir);
        Files.writeString(specsDir.resolve("shop.yaml"), shop);
        SpecLoader real = new SpecLoader();
        AtomicReference<Runnable> duringRead = new AtomicReference<>();
        SpecsInForce specs = new SpecsInForce(specsDir, SETTLE, clock, directory -> {
            Runnable move = duringRead.getAndSet(null);
            if (move == null) {
                return real.load(directory);
            }
            // Listed just before the move, each file then read under the old path: the read finds no file.
            move.run();
            return new SpecSet(java.util.List.of(), java.util.List.of());
        });
        specs.refresh();

        duringRead.set(() -> move(specsDir, dir.resolve("specs.moved")));
        clock.advance(java.time.Duration.ofSeconds(10));
        SpecsInForce.Refresh moved = specs.refresh();
        clock.advance(java.time.Duration.ofSeconds(10));
        SpecsInForce.Refresh gone = specs.refresh();

        for (SpecsInForce.Refresh refresh : java.util.List.of(moved, gone)) {
            assertThat(refresh.applications()).extracting(TracedApplication::name).containsExactly("shop");
            assertThat(refresh.pendingRemoval()).isEmpty();
            assertThat(refresh.removed()).isEmpty();
        }
        assertThat(moved.sourceProblem().describe()).contains("moved or replaced while it was being read");

        // Put back, then swapped for an empty directory while it is read (a sync tool's rename-into-place).
        move(dir.resolve("specs.moved"), specsDir);
        assertThat(specs.refresh().sourceProblem()).isNull();
        duringRead.set(() -> {
            move(specsDir, dir.resolve("specs.old"));
            try {
                Files.createDirectory(specsDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        SpecsInForce.Refresh replaced = specs.refresh();
        assertThat(replaced.applications()).extracting(TracedApplication::name).containsExactly("shop");
        assertThat(replaced.pendingRemoval()).isEmpty();
        assertThat(replaced.sourceProblem()).isNotNull();

        // Read whole, the empty directory is what the user put there: its absent file waits out the settle period.
        SpecsInForce.Refresh emptied = specs.refresh();
        assertThat(emptied.sourceProblem()).isNull();
        assertThat(emptied.pendingRemoval()).containsExactly("shop");
    }

    @Test
    void aSpecReplacedByALinkLeadingOutsideKeepsItsLastValidVersionInForce() throws IOException {
        Path specsDir = Files.createDirectory(dir.resolve("specs"));
        Path file = Files.writeString(specsDir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(specsDir, SETTLE, clock);
        specs.refresh();

        Files.delete(file);
        Files.createSymbolicLink(file, Files.writeString(dir.resolve("elsewhere.yaml"), shop));
        clock.advance(java.time.Duration.ofSeconds(10));
        SpecsInForce.Refresh refused = specs.refresh();
        clock.advance(java.time.Duration.ofSeconds(10));
        SpecsInForce.Refresh later = specs.refresh();

        for (SpecsInForce.Refresh refresh : java.util.List.of(refused, later)) {
            assertThat(refresh.errors()).extracting(SpecError::message).containsExactly(
                    "a symbolic link leading outside the specs directory; not read");
            assertThat(refresh.applications()).extracting(TracedApplication::name).containsExactly("shop");
            assertThat(refresh.filesKeptAtLastValid()).containsExactly(file);
            assertThat(refresh.pendingRemoval()).isEmpty();
            assertThat(refresh.removed()).as("a file that is there but refused is no deletion").isEmpty();
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDirectoryReplacedByAFileRemovesNothing() throws IOException {
        Path specsDir = dir.resolve("specs");
        Files.createDirectory(specsDir);
        Files.writeString(specsDir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(specsDir, SETTLE, clock);
        specs.refresh();

        Files.delete(specsDir.resolve("shop.yaml"));
        Files.delete(specsDir);
        Files.writeString(specsDir, "not a directory");
        clock.advance(java.time.Duration.ofMinutes(1));
        SpecsInForce.Refresh refresh = specs.refresh();

        assertThat(refresh.removed()).isEmpty();
        assertThat(refresh.applications()).extracting(TracedApplication::name).containsExactly("shop");
        assertThat(refresh.sourceProblem().message()).isEqualTo("not a directory");
    }

    @Test
    void anUnlistableDirectoryRemovesNothing() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads a directory whatever its mode; the directory-replaced case covers this path as root");
        Path specsDir = dir.resolve("specs");
        Files.createDirectory(specsDir);
        Files.writeString(specsDir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(specsDir, SETTLE, clock);
        specs.refresh();

        Files.setPosixFilePermissions(specsDir, java.util.Set.of());
        try {
            clock.advance(java.time.Duration.ofMinutes(1));
            SpecsInForce.Refresh refresh = specs.refresh();
            assertThat(refresh.removed()).isEmpty();
            assertThat(refresh.applications()).extracting(TracedApplication::name).containsExactly("shop");
            assertThat(refresh.sourceProblem()).isNotNull();
        } finally {
            Files.setPosixFilePermissions(specsDir, java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rwx------"));
        }
    }

    @Test
    void aDeletedFileIsRemovedOnlyOnceItHasStayedGoneForTheSettlePeriod() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir, SETTLE, clock);
        specs.refresh();
        clock.advance(java.time.Duration.ofMinutes(1));

        Files.delete(dir.resolve("shop.yaml"));
        SpecsInForce.Refresh gone = specs.refresh();
        assertThat(gone.removed()).isEmpty();
        assertThat(gone.pendingRemoval()).containsExactly("shop");
        assertThat(gone.applications()).isEmpty();
        assertThat(specs.nextSettle()).contains(clock.instant().plus(SETTLE));

        clock.advance(java.time.Duration.ofSeconds(4));
        assertThat(specs.refresh().removed()).isEmpty();

        clock.advance(java.time.Duration.ofSeconds(1));
        SpecsInForce.Refresh settled = specs.refresh();
        assertThat(settled.removed()).extracting(TracedApplication::name).containsExactly("shop");
        assertThat(settled.pendingRemoval()).isEmpty();
        assertThat(specs.refresh().removed()).as("removed once").isEmpty();
        assertThat(specs.nextSettle()).isEmpty();
    }

    @Test
    void aFileThatVanishesAndComesBackWithinTheSettlePeriodIsNeverRemoved() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir, SETTLE, clock);
        specs.refresh();
        clock.advance(java.time.Duration.ofMinutes(1));

        Files.delete(dir.resolve("shop.yaml"));
        specs.refresh();
        clock.advance(java.time.Duration.ofSeconds(3));
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce.Refresh back = specs.refresh();
        clock.advance(java.time.Duration.ofMinutes(1));
        SpecsInForce.Refresh later = specs.refresh();

        assertThat(back.removed()).isEmpty();
        assertThat(later.removed()).isEmpty();
        assertThat(later.applications()).extracting(TracedApplication::name).containsExactly("shop");
    }

    @Test
    void aRenameWaitsForTheSettlePeriodBeforeTheOldNameIsRemoved() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir, SETTLE, clock);
        specs.refresh();
        clock.advance(java.time.Duration.ofMinutes(1));

        Files.writeString(dir.resolve("shop.yaml"), shop.replace("name: shop", "name: store"));
        SpecsInForce.Refresh renamed = specs.refresh();
        assertThat(renamed.removed()).isEmpty();
        assertThat(renamed.pendingRemoval()).containsExactly("shop");
        assertThat(renamed.applications()).extracting(TracedApplication::name).containsExactly("store");

        clock.advance(SETTLE);
        assertThat(specs.refresh().removed()).extracting(TracedApplication::name).containsExactly("shop");
    }

    @Test
    void anApplicationWhoseFileChangedIsUnsettledUntilTheFileStaysTheSame() throws IOException {
        Files.writeString(dir.resolve("shop.yaml"), shop);
        SpecsInForce specs = new SpecsInForce(dir, SETTLE, clock);
        specs.refresh();
        assertThat(specs.settlesAt("shop")).as("first seen now: not known to be whole yet")
                .contains(clock.instant().plus(SETTLE));
        clock.advance(SETTLE);
        assertThat(specs.settlesAt("shop")).isEmpty();

        Files.writeString(dir.resolve("shop.yaml"), shop.replace("image: nginx:1", "image: nginx:2"));
        specs.refresh();
        assertThat(specs.settlesAt("shop")).contains(clock.instant().plus(SETTLE));

        clock.advance(java.time.Duration.ofSeconds(2));
        specs.refresh();
        assertThat(specs.settlesAt("shop")).as("read again unchanged: the wait does not restart")
                .contains(clock.instant().plus(java.time.Duration.ofSeconds(3)));
        clock.advance(java.time.Duration.ofSeconds(3));
        assertThat(specs.settlesAt("shop")).isEmpty();
    }
}
