package io.tracefleet.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prerequisites are listed once, in {@code .ci/prerequisites}: CI installs from that file and the README's
 * first screen must show the same list as its install line, so that what a newcomer installs is what CI proves
 * enough.
 */
class PrerequisitesTest {
    private static final Path LIST = Path.of("..", ".ci", "prerequisites");

    @Test
    void theReadmesInstallLineIsTheList() throws IOException {
        List<String> packages = packages();
        assertThat(packages).contains("openjdk-17-jdk", "maven", "buildah");

        List<String> installLines = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.startsWith("apt-get install")).toList();
        assertThat(installLines).as("README.md's apt-get install lines").hasSize(1);
        String command = installLines.get(0).split("#", 2)[0].strip();
        assertThat(command).isEqualTo("apt-get install -y " + String.join(" ", packages));
    }

    @Test
    void ciInstallsFromTheListAndNamesNoPackageOfItsOwn() throws IOException {
        String run = Files.readString(Path.of("..", ".ci", "run"));
        assertThat(run).contains(".ci/prerequisites").contains("apt-get install -y -qq \"${missing[@]}\"");
        for (String pkg : packages()) {
            assertThat(run).as(".ci/run naming %s itself instead of reading it from the list", pkg)
                    .doesNotContainPattern("(?m)^[^#]*\\b" + pkg.replace("+", "\\+") + "\\b");
        }
    }

    private static List<String> packages() throws IOException {
        return Files.readAllLines(LIST).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
