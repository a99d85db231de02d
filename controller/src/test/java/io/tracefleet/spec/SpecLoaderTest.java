package io.tracefleet.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SpecLoaderTest {
    @TempDir
    Path dir;

    @Test
    void theExampleSpecsAreValid() {
        SpecSet specs = new SpecLoader().load(TestSpecs.EXAMPLES);

        assertThat(specs.errors()).isEmpty();
        assertThat(specs.validApplications()).extracting(a -> a.metadata().name()).contains("xray-fargate");
    }

    @Test
    void reportsTheErrorsOfEveryFileAtOnce() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), TestSpecs.minimal("""
                web:
                  image: nginx
                  port: 0
                """));
        Files.writeString(dir.resolve("b.yml"), TestSpecs.minimal("""
                api:
                  image: nginx
                  port: 8080
                  desiredcount: 3
                """).replace("name: shop", "name: other"));
        Files.writeString(dir.resolve("notes.txt"), "not a spec");

        SpecSet specs = new SpecLoader().load(dir);

        assertThat(specs.documents()).hasSize(2);
        assertThat(specs.errors()).extracting(SpecError::format).containsExactly(
                dir.resolve("a.yaml") + ":12:13: spec.services.web.port: 0 is out of range; allowed: 1 to 65535",
                dir.resolve("b.yml") + ":13:7: spec.services.api.desiredcount: unknown field 'desiredcount'; "
                        + "did you mean 'desiredCount'? Allowed: image, port, cpu, memory, desiredCount, env, secrets, "
                        + "healthCheckPath, loadBalancer, deployment, logRetentionDays, logGroup, taskFamily, "
                        + "ecrRepository, ignore");
    }

    @Test
    void oneFileMayHoldSeveralApplications() throws IOException {
        String first = TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n");
        String second = first.replace("name: shop", "name: blog").replace("web:", "blog:");
        Files.writeString(dir.resolve("apps.yaml"), first + "---\n" + second);

        SpecSet specs = new SpecLoader().load(dir.resolve("apps.yaml"));

        assertThat(specs.errors()).isEmpty();
        assertThat(specs.documents()).extracting(SpecDocument::index).containsExactly(0, 1);
        assertThat(specs.validApplications()).extracting(a -> a.metadata().name()).containsExactly("shop", "blog");
    }

    @Test
    void aNameClaimedByTwoFilesIsAnErrorInBoth() throws IOException {
        String shop = TestSpecs.minimal("""
                web:
                  image: nginx
                  port: 8080
                  loadBalancer:
                    name: shared-alb
                """);
        Files.writeString(dir.resolve("a.yaml"), shop);
        Files.writeString(dir.resolve("b.yaml"), shop.replace("name: shop", "name: blog"));

        SpecSet specs = new SpecLoader().load(dir);

        assertThat(specs.validApplications()).isEmpty();
        assertThat(specs.errors()).extracting(SpecError::format).contains(
                dir.resolve("a.yaml") + ":14:9: spec.services.web.loadBalancer.name: the load balancer name "
                        + "'shared-alb' is also claimed by " + dir.resolve("b.yaml")
                        + ":14:9 (spec.services.web.loadBalancer.name)",
                dir.resolve("b.yaml") + ":14:9: spec.services.web.loadBalancer.name: the load balancer name "
                        + "'shared-alb' is also claimed by " + dir.resolve("a.yaml")
                        + ":14:9 (spec.services.web.loadBalancer.name)");
        // Both keep the same default task family and log group "/ecs/web", and those collide too.
        assertThat(specs.errors()).extracting(SpecError::message)
                .anyMatch(m -> m.startsWith("the task definition family name 'web' is also claimed by"))
                .anyMatch(m -> m.startsWith("the log group name '/ecs/web' is also claimed by"));
    }

    @Test
    void namesDifferingOnlyInCaseCollideWhereAwsIgnoresCase() throws IOException {
        String spec = TestSpecs.minimal("""
                a:
                  image: nginx
                  port: 8080
                  loadBalancer:
                    name: Front
                b:
                  image: nginx
                  port: 8080
                  loadBalancer:
                    name: front
                """);

        SpecSet specs = TestSpecs.load(dir, "app.yaml", spec);

        assertThat(specs.errors()).extracting(SpecError::message)
                .containsExactly("the load balancer name 'front' is also claimed by " + dir.resolve("app.yaml")
                        + ":14:9 (spec.services.a.loadBalancer.name)");
    }

    @Test
    void aMissingPathIsReported() {
        SpecSet specs = new SpecLoader().load(dir.resolve("nope.yaml"));

        assertThat(specs.errors()).extracting(SpecError::format)
                .containsExactly(dir.resolve("nope.yaml") + ":1:1: no such file or directory");
    }

    @Test
    void anOversizedFileIsRefusedWithoutParsing() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "# " + "x".repeat((int) SpecLoader.MAX_FILE_BYTES) + "\n");

        SpecSet specs = new SpecLoader().load(big);

        assertThat(specs.errors()).singleElement().satisfies(e ->
                assertThat(e.message()).contains("a spec file may have at most " + SpecLoader.MAX_FILE_BYTES));
    }

    @Test
    void yamlOneOneBooleansInStringFieldsStayStrings() {
        // The Norway problem: an unquoted "no" must stay the string the user wrote.
        var app = TestSpecs.valid(dir, TestSpecs.minimal("""
                web:
                  image: nginx
                  port: 8080
                  env:
                    COUNTRY: no
                    DEBUG: true
                    RETRIES: 3
                """));

        assertThat(app.spec().services().get("web").env())
                .containsEntry("COUNTRY", "no").containsEntry("DEBUG", "true").containsEntry("RETRIES", "3");
    }

    /** The content behind a link out of the specs directory would reach the log and the unauthenticated /specs. */
    @Test
    void aSymbolicLinkLeadingOutsideTheDirectoryIsRefusedUnread() throws IOException {
        Path specs = Files.createDirectory(dir.resolve("specs"));
        Path secret = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.createSymbolicLink(specs.resolve("passwd.yaml"), secret);

        SpecSet loaded = new SpecLoader().load(specs);

        assertThat(loaded.documents()).isEmpty();
        assertThat(loaded.errors()).extracting(SpecError::format).containsExactly(specs.resolve("passwd.yaml")
                + ":1:1: a symbolic link leading outside the specs directory; not read");
        assertThat(loaded.digests()).as("known to be there, its content never hashed").containsEntry(
                specs.resolve("passwd.yaml"), "refused: a symbolic link leading outside the specs directory; not read");
    }

    /** How a Kubernetes ConfigMap is mounted: each file a link into a hidden directory beside it. */
    @Test
    void aSymbolicLinkWithinTheDirectoryIsRead() throws IOException {
        Path data = Files.createDirectories(dir.resolve("..2026_12_03").resolve("nested"));
        Files.writeString(data.resolve("shop.yaml"), TestSpecs.minimal("web:\n  image: nginx\n  port: 80\n"));
        Files.createSymbolicLink(dir.resolve("shop.yaml"), dir.relativize(data.resolve("shop.yaml")));

        SpecSet loaded = new SpecLoader().load(dir);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.validApplications()).extracting(a -> a.metadata().name()).containsExactly("shop");
    }

    @Test
    void aFifoNamedLikeASpecIsReportedNotRead() throws Exception {
        Path fifo = dir.resolve("pipe.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        SpecSet loaded = new SpecLoader().load(dir);

        assertThat(loaded.errors()).extracting(SpecError::format).containsExactly(fifo
                + ":1:1: not a regular file (a FIFO, socket or device); not read");
    }

    @Test
    void anErrorQuotesAtMostAShortEscapedExcerptOfTheSpec() throws IOException {
        String secretish = "hunter2-hunter2-hunter2-hunter2-hunter2";
        Files.writeString(dir.resolve("scalar.yaml"), "\"\\a\\t" + secretish + "\\n and more\"\n");

        SpecSet loaded = new SpecLoader().load(dir);

        assertThat(loaded.errors()).singleElement().extracting(SpecError::message).asString()
                .isEqualTo("expected a mapping with the fields apiVersion, kind, metadata, spec, got the string "
                        + "'\\u0007\\thunter2-hunter2-hu…' (51 characters)")
                .doesNotContain(secretish);
    }
}
