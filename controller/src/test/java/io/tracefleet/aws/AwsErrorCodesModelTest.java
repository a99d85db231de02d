package io.tracefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks every code in {@link AwsErrorCodes} against the botocore service models on this machine,
 * so that a misspelt code, which would silently never match, fails the build. A code counts as
 * known when the service's model declares it as an error shape, its waiters expect it, or (for
 * the common codes) any botocore model or retry rule names it. The few codes AWS documents only in
 * prose must be listed, with their page, in {@link AwsErrorCodes#DOCUMENTED_OUTSIDE_MODELS}, and
 * that list must hold nothing the models already know.
 */
class AwsErrorCodesModelTest {

    private static final Map<AwsService, String> BOTOCORE_NAMES = Map.of(
            AwsService.ECS, "ecs", AwsService.ELBV2, "elbv2", AwsService.IAM, "iam", AwsService.EC2, "ec2",
            AwsService.LOGS, "logs", AwsService.ECR, "ecr", AwsService.STS, "sts");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path botocoreData;

    @BeforeAll
    static void findBotocore() {
        Optional<Path> data = locateBotocoreData();
        Assumptions.assumeTrue(data.isPresent(),
                "botocore is not installed for python3 here (and BOTOCORE_DATA is unset): "
                        + "cannot check the error-code tables against AWS's service models");
        botocoreData = data.get();
    }

    @Test
    void everyServiceCodeIsInThatServicesModelOrWaitersOrDocumentedOutsideThem() throws IOException {
        List<String> unknown = new ArrayList<>();
        Set<String> neededOutsideModels = new TreeSet<>();
        for (AwsErrorCodes.CodeRule rule : AwsErrorCodes.SERVICE_CODES) {
            AwsService service = rule.service().orElseThrow();
            if (!knownTo(service).contains(rule.code())) {
                neededOutsideModels.add(rule.code());
                if (!AwsErrorCodes.DOCUMENTED_OUTSIDE_MODELS.containsKey(rule.code())) {
                    unknown.add(service + " " + rule.code());
                }
            }
        }
        for (AwsErrorCodes.MessageRule rule : AwsErrorCodes.MESSAGE_RULES) {
            rule.code().filter(code -> !knownTo(rule.service()).contains(code) && !allKnownCodes().contains(code))
                    .ifPresent(code -> unknown.add(rule.service() + " " + code + " (message rule)"));
        }
        for (AwsErrorCodes.CodeRule rule : AwsErrorCodes.COMMON_CODES) {
            if (!allKnownCodes().contains(rule.code())) {
                neededOutsideModels.add(rule.code());
                if (!AwsErrorCodes.DOCUMENTED_OUTSIDE_MODELS.containsKey(rule.code())) {
                    unknown.add("common " + rule.code());
                }
            }
        }

        assertThat(unknown).as("codes no botocore model, waiter or retry rule knows, and not documented outside them")
                .isEmpty();
        assertThat(new TreeSet<>(AwsErrorCodes.DOCUMENTED_OUTSIDE_MODELS.keySet()))
                .as("DOCUMENTED_OUTSIDE_MODELS should list exactly the codes the models cannot vouch for")
                .isEqualTo(neededOutsideModels);
    }

    @Test
    void theModelsAgreeWithTheSdkServiceNamesAndCarryTheCodesTheBriefNames() throws IOException {
        // A sanity check that the model reading works, so the test above cannot pass vacuously.
        assertThat(knownTo(AwsService.ECS)).contains("ClusterNotFoundException", "ServiceNotFoundException");
        assertThat(knownTo(AwsService.ELBV2)).contains("LoadBalancerNotFound", "DuplicateTargetGroupName");
        assertThat(knownTo(AwsService.IAM)).contains("NoSuchEntity", "EntityAlreadyExists", "MalformedPolicyDocument");
        assertThat(knownTo(AwsService.EC2)).contains("InvalidGroup.NotFound", "InvalidVpcID.NotFound");
        assertThat(knownTo(AwsService.LOGS)).contains("ResourceAlreadyExistsException");
        assertThat(knownTo(AwsService.ECR)).contains("RepositoryNotFoundException");
        assertThat(allKnownCodes()).contains("ThrottlingException", "Throttling", "RequestLimitExceeded");
    }

    // ---- reading botocore

    private static final Map<AwsService, Set<String>> perService = new java.util.EnumMap<>(AwsService.class);
    private static Set<String> all;

    private static Set<String> knownTo(AwsService service) {
        return perService.computeIfAbsent(service, s -> {
            Path dir = latestVersion(botocoreData.resolve(BOTOCORE_NAMES.get(s)));
            Set<String> codes = new HashSet<>(errorShapeCodes(read(dir.resolve("service-2.json"))));
            readIfPresent(dir.resolve("waiters-2.json")).ifPresent(w -> codes.addAll(waiterErrorCodes(w)));
            return codes;
        });
    }

    private static synchronized Set<String> allKnownCodes() {
        if (all == null) {
            Set<String> codes = new HashSet<>();
            try (Stream<Path> services = Files.list(botocoreData)) {
                services.filter(Files::isDirectory).forEach(service -> {
                    Path dir = latestVersion(service);
                    if (dir != null) {
                        readIfPresent(dir.resolve("service-2.json")).ifPresent(m -> codes.addAll(errorShapeCodes(m)));
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            readIfPresent(botocoreData.resolve("_retry.json"))
                    .ifPresent(retry -> retry.findValues("service_error_code").forEach(n -> codes.add(n.asText())));
            all = codes;
        }
        return all;
    }

    private static Set<String> errorShapeCodes(JsonNode model) {
        Set<String> codes = new HashSet<>();
        model.path("shapes").fields().forEachRemaining(shape -> {
            if (shape.getValue().path("exception").asBoolean(false)) {
                codes.add(shape.getValue().path("error").path("code").asText(shape.getKey()));
            }
        });
        return codes;
    }

    private static Set<String> waiterErrorCodes(JsonNode waiters) {
        Set<String> codes = new HashSet<>();
        waiters.path("waiters").forEach(waiter -> waiter.path("acceptors").forEach(acceptor -> {
            if ("error".equals(acceptor.path("matcher").asText())) {
                codes.add(acceptor.path("expected").asText());
            }
        }));
        return codes;
    }

    /** The newest API version directory, e.g. {@code ec2/2016-11-15}; null when there is none. */
    private static Path latestVersion(Path serviceDir) {
        try (Stream<Path> versions = Files.list(serviceDir)) {
            return versions.filter(Files::isDirectory)
                    .filter(v -> Files.exists(v.resolve("service-2.json.gz")) || Files.exists(v.resolve("service-2.json")))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path withoutGz) {
        return readIfPresent(withoutGz).orElseThrow(() -> new IllegalStateException("missing " + withoutGz));
    }

    /** Botocore ships its JSON gzipped in recent releases and plain in older ones. */
    private static Optional<JsonNode> readIfPresent(Path withoutGz) {
        try {
            Path gz = withoutGz.resolveSibling(withoutGz.getFileName() + ".gz");
            if (Files.exists(gz)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    return Optional.of(JSON.readTree(in));
                }
            }
            if (Files.exists(withoutGz)) {
                return Optional.of(JSON.readTree(withoutGz.toFile()));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<Path> locateBotocoreData() {
        String fromEnv = System.getenv("BOTOCORE_DATA");
        if (fromEnv != null && Files.isDirectory(Path.of(fromEnv))) {
            return Optional.of(Path.of(fromEnv));
        }
        try {
            Process python = new ProcessBuilder("python3", "-c",
                    "import botocore, os; print(os.path.dirname(botocore.__file__))")
                    .redirectErrorStream(true).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
                return Optional.empty();
            }
            Path data = Path.of(out).resolve("data");
            return Files.isDirectory(data.resolve("ecs")) ? Optional.of(data) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
