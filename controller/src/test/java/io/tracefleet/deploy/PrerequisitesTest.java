package io.tracefleet.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prerequisites are listed once, in {@code .ci/prerequisites} (Debian packages) and
 * {@code .ci/python-prerequisites}: CI installs or checks from those files and the README's first screen must show
 * the same lists as its install lines, so that what a newcomer installs is what CI proves enough.
 */
class PrerequisitesTest {
    private static final Path LIST = Path.of("..", ".ci", "prerequisites");
    private static final Path PYTHON_LIST = Path.of("..", ".ci", "python-prerequisites");

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
    void theReadmesPipLineIsThePythonList() throws IOException {
        List<String> requirements = lines(PYTHON_LIST);
        assertThat(requirements).contains("moto[server]", "awscli");

        List<String> pipLines = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(line -> line.startsWith("pip install")).toList();
        assertThat(pipLines).as("README.md's pip install lines").hasSize(1);
        String command = pipLines.get(0).split("#", 2)[0].strip();
        // A requirement with extras is quoted, since the shell would read its brackets as a pattern.
        assertThat(command).isEqualTo("pip install " + String.join(" ", requirements.stream()
                .map(r -> r.contains("[") ? "\"" + r + "\"" : r).toList()));
        assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains(".ci/python-prerequisites");
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
        return lines(LIST);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
