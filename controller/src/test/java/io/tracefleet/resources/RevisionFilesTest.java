package io.tracefleet.resources;

import io.tracefleet.desired.ContainerDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Revisions kept on disk between runs: what is read back, what is not, the bound, and writers at once. */
class RevisionFilesTest {
    private static final String TOKYO = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/";

    @TempDir
    Path dir;

    private static RevisionStore.Revision revision(String arn, String image) {
        TaskDefinitionHandler.Container app = new TaskDefinitionHandler.Container(image, true, 0, 64,
                Set.of(new ContainerDefinition.PortMapping(8080, "tcp")), Map.of("MODE", "blue"),
                Map.of("TOKEN", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/token"), List.of("run"),
                new ContainerDefinition.LogConfiguration("awslogs", Map.of("awslogs-group", "/ecs/app")));
        TaskDefinitionHandler.Container xray = new TaskDefinitionHandler.Container("amazon/aws-xray-daemon", false,
                32, null, Set.of(new ContainerDefinition.PortMapping(2000, "udp")), Map.of(), Map.of(), List.of(),
                new ContainerDefinition.LogConfiguration("", Map.of()));
        return new RevisionStore.Revision(arn, TaskDefinitions.familyOf(arn), new TaskDefinitionHandler.View(256,
                512, "awsvpc", Set.of("FARGATE"), "arn:aws:iam::123456789012:role/task", "",
                Map.of("app", app, "xray", xray)));
    }

    private RevisionFiles files(int capacity) {
        return RevisionFiles.in(dir, capacity).orElseThrow();
    }

    private List<Path> kept() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".rev")).toList();
        }
    }

    @Test
    void aRevisionWrittenByOneRunIsReadBackEqualByTheNext() {
        RevisionStore.Revision written = revision(TOKYO + "api:7", "api:v7");
        files(10).write(written);

        Optional<RevisionStore.Revision> read = files(10).read(TOKYO + "api:7");

        assertThat(read).contains(written);
        assertThat(read.orElseThrow().view()).isEqualTo(written.view());
    }

    @Test
    void aRevisionNeverWrittenIsAMissAsIsTheSameRevisionInAnotherRegion() {
        files(10).write(revision(TOKYO + "api:7", "api:v7"));

        assertThat(files(10).read(TOKYO + "api:8")).isEmpty();
        assertThat(files(10).read("arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7")).isEmpty();
    }

    @Test
    void aTruncatedEditedOrMisplacedFileIsIgnoredAndTheNextWriteReplacesIt() throws IOException {
        RevisionFiles files = files(10);
        RevisionStore.Revision written = revision(TOKYO + "api:7", "api:v7");
        files.write(written);
        Path file = kept().get(0);
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 10));
        assertThat(files.read(TOKYO + "api:7")).as("truncated").isEmpty();

        Files.writeString(file, new String(whole, StandardCharsets.UTF_8).replace("api:v7", "api:v8"));
        assertThat(files.read(TOKYO + "api:7")).as("content edited, checksum left").isEmpty();

        Files.write(file, RevisionFiles.encode(revision(TOKYO + "api:6", "api:v6")));
        assertThat(files.read(TOKYO + "api:7")).as("another revision's file under this name").isEmpty();

        Files.writeString(file, "");
        assertThat(files.read(TOKYO + "api:7")).as("empty").isEmpty();

        files.write(written);
        assertThat(files.read(TOKYO + "api:7")).contains(written);
    }

    @Test
    void beyondTheBoundTheLeastRecentlyReadFilesGo() throws IOException {
        RevisionFiles files = files(3);
        for (int i = 1; i <= 3; i++) {
            files.write(revision(TOKYO + "api:" + i, "v" + i));
        }
        // Written in order long ago, and api:1 read since: api:2 is the least recently used.
        for (int i = 1; i <= 3; i++) {
            Files.setLastModifiedTime(files.fileOf(TOKYO + "api:" + i),
                    FileTime.from(Instant.now().minusSeconds(3600 - 100L * i)));
        }
        assertThat(files.read(TOKYO + "api:1")).isPresent();
        files.write(revision(TOKYO + "api:4", "v4"));

        RevisionFiles nextRun = files(3);

        assertThat(kept()).hasSize(3);
        assertThat(nextRun.read(TOKYO + "api:2")).isEmpty();
        assertThat(nextRun.read(TOKYO + "api:1")).isPresent();
        assertThat(nextRun.read(TOKYO + "api:4")).isPresent();
    }

    @Test
    void writersAtOnceLeaveWholeFilesAndNoTemporaryOnes() throws Exception {
        List<RevisionStore.Revision> revisions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            revisions.add(revision(TOKYO + "api:" + i, "v" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            // Two separate instances, as two processes would be, each writing every revision several times over
            // while readers read: a reader sees a whole revision or none.
            RevisionFiles one = files(100);
            RevisionFiles other = files(100);
            List<String> torn = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int w = 0; w < 8; w++) {
                RevisionFiles files = w % 2 == 0 ? one : other;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 5; round++) {
                        for (RevisionStore.Revision r : revisions) {
                            files.write(r);
                            files.read(r.arn()).filter(read -> !read.equals(r)).ifPresent(read -> torn.add(r.arn()));
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            assertThat(torn).isEmpty();
        } finally {
            pool.shutdownNow();
        }

        try (Stream<Path> entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).hasSize(8).allMatch(n -> n.endsWith(".rev"));
        }
        RevisionFiles reader = files(100);
        revisions.forEach(r -> assertThat(reader.read(r.arn())).contains(r));
    }

    @Test
    void aDirectoryThatCannotBeMadeMeansNoFilesNotAFailure() throws IOException {
        Path aFile = Files.writeString(dir.resolve("not-a-directory"), "x");

        assertThat(RevisionFiles.in(aFile.resolve("revisions"), 10)).isEmpty();
    }

    @Test
    void theStoreLooksOnDiskForARevisionThisProcessHasNotMet() {
        RevisionStore.Revision written = revision(TOKYO + "api:7", "api:v7");
        new RevisionStore(10, Optional.of(files(10))).put(written);

        RevisionStore nextRun = new RevisionStore(10, Optional.of(files(10)));

        assertThat(nextRun.get(TOKYO + "api:7")).contains(written);
        nextRun.forget(TOKYO + "api:7");
        assertThat(new RevisionStore(10, Optional.of(files(10))).get(TOKYO + "api:7"))
                .as("deregistered: gone from disk too").isEmpty();
    }
}
