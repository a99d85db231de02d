package io.tracefleet.spec;

import io.tracefleet.spec.model.TracedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
