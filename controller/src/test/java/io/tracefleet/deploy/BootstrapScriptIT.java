package io.tracefleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.local.LocalAws;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ECS bootstrap script passes shellcheck, and run with the AWS CLI against moto, through the proxy that counts
 * calls, it creates everything on the first run, writes nothing on the second, and on a third after an out-of-band
 * change writes only that one correction.
 */
@ExtendWith(MotoExtension.class)
class BootstrapScriptIT {
    private static final Path SCRIPT = Path.of("..", "helm-free-deploy", "ecs", "bootstrap.sh");
    private static final Path POLICY = Path.of("..", "helm-free-deploy", "ecs", "task-role-policy.json");
    private static final String NAME = "tracefleet-controller";
    private static final String IMAGE = "example.test/tracefleet:1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    private AwsProxy proxy;
    private AwsClients moto;

    @BeforeEach
    void start(LocalAws localAws) {
        proxy = AwsProxy.start(localAws.endpoint());
        moto = AwsClients.create(AwsClientSettings.endpoint(localAws.endpoint(), Region.AP_NORTHEAST_1));
    }

    @AfterEach
    void stop() {
        moto.close();
        proxy.close();
    }

    @Test
    void passesShellcheck() throws Exception {
        Run run = run(List.of("shellcheck", "--severity=style", SCRIPT.toString()), Map.of());
        assertThat(run.exitCode()).as("shellcheck says:%n%s", run.output()).isZero();
    }

    /**
     * One scenario rather than two tests: every run of the script costs some thirty AWS CLI start-ups, and the
     * drift needs a first run before it just as the idempotence check does.
     */
    @Test
    void createsEverythingOnceThenWritesNothingThenCorrectsOnlyWhatDrifted() throws Exception {
        Run first = bootstrap();
        assertThat(first.exitCode()).as("first run:%n%s", first.output()).isZero();
        assertThat(proxy.calls().writeCalls()).extracting(AwsCall::operation).contains("CreateLogGroup",
                "PutRetentionPolicy", "CreateRole", "PutRolePolicy", "AttachRolePolicy", "CreateCluster",
                "CreateSecurityGroup", "RegisterTaskDefinition", "CreateService", "CreateSecret");
        assertCreated();

        CallLog.Mark mark = proxy.mark();
        Run second = bootstrap();
        assertThat(second.exitCode()).as("second run:%n%s", second.output()).isZero();
        CallLog again = proxy.callsSince(mark);
        assertThat(again.reads()).as("the second run looked").isPositive();
        assertThat(again.writeCalls()).as("the second run's writes").isEmpty();

        moto.iam().deleteRolePolicy(r -> r.roleName(NAME + "-task").policyName(NAME));
        moto.logs().putRetentionPolicy(r -> r.logGroupName("/ecs/" + NAME).retentionInDays(7));
        CallLog.Mark drifted = proxy.mark();
        Run third = bootstrap();
        assertThat(third.exitCode()).as("run after drift:%n%s", third.output()).isZero();
        assertThat(proxy.callsSince(drifted).writeCalls()).extracting(AwsCall::operation)
                .containsExactlyInAnyOrder("PutRolePolicy", "PutRetentionPolicy");
        assertThat(taskRolePolicy()).isEqualTo(JSON.readTree(POLICY.toFile()));
    }

    private void assertCreated() throws IOException {
        Service service = moto.ecs().describeServices(r -> r.cluster("tracefleet").services(NAME)).services().get(0);
        assertThat(service.desiredCount()).isEqualTo(1);
        assertThat(service.launchTypeAsString()).isEqualTo("FARGATE");
        assertThat(service.networkConfiguration().awsvpcConfiguration().securityGroups()).hasSize(1);
        var definition = moto.ecs().describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
                .taskDefinition();
        assertThat(definition.containerDefinitions().get(0).image()).isEqualTo(IMAGE);
        assertThat(definition.taskRoleArn()).endsWith(":role/" + NAME + "-task");
        assertThat(definition.containerDefinitions().get(0).secrets()).singleElement().satisfies(secret -> {
            assertThat(secret.name()).isEqualTo("TRACEFLEET_OWNERSHIP_KEYS");
            assertThat(secret.valueFrom()).startsWith("arn:aws:secretsmanager:ap-northeast-1:")
                    .contains(":secret:" + NAME + "/ownership-keys");
        });
        assertThat(URLDecoder.decode(moto.iam().getRolePolicy(r -> r.roleName(NAME + "-execution")
                .policyName(NAME + "-secrets")).policyDocument(), StandardCharsets.UTF_8))
                .contains("secretsmanager:GetSecretValue", ":secret:" + NAME + "/ownership-keys-*");
        assertThat(taskRolePolicy()).isEqualTo(JSON.readTree(POLICY.toFile()));
        assertThat(moto.iam().listAttachedRolePolicies(r -> r.roleName(NAME + "-execution")).attachedPolicies())
                .extracting(p -> p.policyName()).containsExactly("AmazonECSTaskExecutionRolePolicy");
        assertThat(moto.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/" + NAME)).logGroups().get(0)
                .retentionInDays()).isEqualTo(30);
    }

    private JsonNode taskRolePolicy() throws IOException {
        String document = moto.iam().getRolePolicy(r -> r.roleName(NAME + "-task").policyName(NAME))
                .policyDocument();
        return JSON.readTree(URLDecoder.decode(document, StandardCharsets.UTF_8));
    }

    private Run bootstrap() throws Exception {
        return run(List.of("bash", SCRIPT.toString()), Map.of(
                "AWS_ENDPOINT_URL", proxy.endpoint().toString(),
                "AWS_REGION", "ap-northeast-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                // The machine's own AWS settings must not leak in.
                "AWS_CONFIG_FILE", home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(),
                "TRACEFLEET_IMAGE", IMAGE));
    }

    private Run run(List<String> command, Map<String, String> env) throws Exception {
        Path output = Files.createTempFile(home, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 5 minutes:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    private record Run(int exitCode, String output) {
    }
}
