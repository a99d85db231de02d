package io.tracefleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracefleet.setup.TracefleetConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AwsThrottleLimitsTest {

    private static final AwsThrottleLimits TABLE = AwsThrottleLimits.table();

    /**
     * The deployed task role's policy lists every action the controller calls (LeastPrivilegePolicyE2E holds it to
     * exactly those), so it is the list of actions that must be in the table.
     */
    private static List<AwsOperation> actionsTheControllerCalls() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(Files.readString(
                Path.of("../helm-free-deploy/ecs/task-role-policy.json")));
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            JsonNode action = statement.get("Action");
            if (action.isArray()) {
                action.forEach(a -> names.add(a.asText()));
            } else {
                names.add(action.asText());
            }
        }
        List<AwsOperation> operations = new ArrayList<>();
        for (String name : names) {
            String prefix = name.substring(0, name.indexOf(':'));
            AwsService service = Arrays.stream(AwsService.values()).filter(s -> s.iamPrefix().equals(prefix))
                    .findFirst().orElseThrow(() -> new AssertionError("no service for " + name));
            operations.add(AwsOperation.of(service, name.substring(name.indexOf(':') + 1)));
        }
        return operations;
    }

    @Test
    void everyActionTheControllerCallsIsInTheTableWithABucketThatHasFigures() throws IOException {
        List<AwsOperation> actions = actionsTheControllerCalls();
        assertThat(actions).as("the policy file was read").hasSizeGreaterThan(40);
        for (AwsOperation action : actions) {
            if (action.service() == AwsService.DYNAMODB) {
                // The lease table's data plane is throttled by capacity, not by request rate: never paced.
                assertThat(AwsThrottleLimits.bucketsOf(action)).as(action.toString()).isEmpty();
                continue;
            }
            assertThat(TABLE.names(action)).as(action + " is named in the table, not left to a fallback").isTrue();
            assertThat(TABLE.bucketsFor(action)).as(action.toString()).isNotEmpty()
                    .allSatisfy(bucket -> assertThat(TABLE.figures()).containsKey(bucket));
        }
    }

    @Test
    void everyBucketCitesItsPageAndEveryGuessSaysWhy() {
        assertThat(TABLE.figures()).isNotEmpty();
        TABLE.figures().forEach((bucket, figure) -> {
            assertThat(figure.source().title()).as(bucket.toString()).isNotBlank();
            assertThat(figure.source().url()).as(bucket.toString()).startsWith("https://docs.aws.amazon.com/");
            figure.guess().ifPresent(why -> assertThat(why).as(bucket.toString()).hasSizeGreaterThan(10));
        });
        // What AWS publishes is not a guess; what it does not, is.
        assertThat(TABLE.figures().get(new ThrottleBucket(AwsService.ECS, "service-modify")).documented()).isTrue();
        assertThat(TABLE.figures().get(new ThrottleBucket(AwsService.IAM, "read")).documented()).isFalse();
        assertThat(TABLE.figures().get(new ThrottleBucket(AwsService.ECR, "write")).documented()).isFalse();
        assertThat(TABLE.describe()).anySatisfy(line -> assertThat(line).startsWith("iam/read").contains("guess:"));
    }

    @Test
    void theFiguresAreThePublishedOnes() {
        Map<ThrottleBucket, BucketLimit> limits = AwsThrottleLimits.documented();
        // ECS: service modify 50 / 5, task definition modify 20 / 1, service read 100 / 20.
        assertThat(limitOf(AwsService.ECS, "CreateService")).isEqualTo(new BucketLimit(5, 50));
        assertThat(limitOf(AwsService.ECS, "RegisterTaskDefinition")).isEqualTo(new BucketLimit(1, 20));
        assertThat(limitOf(AwsService.ECS, "DescribeServices")).isEqualTo(new BucketLimit(20, 100));
        assertThat(limitOf(AwsService.ECS, "TagResource")).isEqualTo(new BucketLimit(10, 20));
        // ELB: mutating 20 / 3, resource-intensive 10 / 0.2, non-mutating 40 / 10.
        assertThat(limitOf(AwsService.ELBV2, "CreateRule")).isEqualTo(new BucketLimit(3, 20));
        assertThat(limitOf(AwsService.ELBV2, "CreateLoadBalancer")).isEqualTo(new BucketLimit(0.2, 10));
        // EC2: per action, mutating 50 / 5, CreateTags 100 / 10.
        assertThat(limitOf(AwsService.EC2, "CreateSecurityGroup")).isEqualTo(new BucketLimit(5, 50));
        assertThat(limitOf(AwsService.EC2, "CreateTags")).isEqualTo(new BucketLimit(10, 100));
        // Logs: 5 TPS.
        assertThat(limitOf(AwsService.LOGS, "CreateLogGroup")).isEqualTo(new BucketLimit(5, 5));
        assertThat(limits).hasSameSizeAs(TABLE.figures());
    }

    @Test
    void everyElbv2CallAlsoDrawsFromTheAccountWideBucketAndEc2ActionsHaveBucketsOfTheirOwn() {
        ThrottleBucket account = new ThrottleBucket(AwsService.ELBV2, "account");
        assertThat(AwsThrottleLimits.bucketsOf(AwsOperation.of(AwsService.ELBV2, "DescribeRules")))
                .containsExactly(new ThrottleBucket(AwsService.ELBV2, "non-mutating"), account);
        assertThat(AwsThrottleLimits.bucketsOf(AwsOperation.of(AwsService.ELBV2, "CreateRule")))
                .containsExactly(new ThrottleBucket(AwsService.ELBV2, "mutating"), account);
        assertThat(AwsThrottleLimits.bucketsOf(AwsOperation.of(AwsService.ELBV2, "SomethingNew")))
                .as("an action AWS adds later is paced as a mutating one").contains(account);
        assertThat(AwsThrottleLimits.bucketsOf(AwsOperation.of(AwsService.EC2, "CreateSecurityGroup")))
                .isNotEqualTo(AwsThrottleLimits.bucketsOf(AwsOperation.of(AwsService.EC2, "DeleteSecurityGroup")));
    }

    @Test
    void overridesReplaceABucketsFiguresAndAreMarked() {
        AwsThrottleLimits raised = TABLE.withOverrides(AwsThrottleLimits.parseOverrides(
                "iam/read=20:40, ecs/service-modify=10:100"));

        ThrottleBucket iamRead = new ThrottleBucket(AwsService.IAM, "read");
        assertThat(raised.limits().get(iamRead)).isEqualTo(new BucketLimit(20, 40));
        assertThat(raised.figures().get(iamRead).guess()).contains("overridden in configuration");
        assertThat(raised.limits().get(new ThrottleBucket(AwsService.ECS, "service-modify")))
                .isEqualTo(new BucketLimit(10, 100));
        assertThat(raised.limits().get(new ThrottleBucket(AwsService.ECS, "service-read")))
                .as("the rest as published").isEqualTo(new BucketLimit(20, 100));
        assertThat(TABLE.limits().get(iamRead)).as("the table itself is unchanged").isEqualTo(new BucketLimit(10, 20));
    }

    @Test
    void aBadOverrideNamesTheFieldAndWhatIsWrong() {
        assertThatThrownBy(() -> TABLE.withOverrides(AwsThrottleLimits.parseOverrides("iam/reed=20:40")))
                .hasMessageContaining("aws.throttleOverrides").hasMessageContaining("iam/reed")
                .hasMessageContaining("iam/read");
        assertThatThrownBy(() -> AwsThrottleLimits.parseOverrides("iam/read=20"))
                .hasMessageContaining("aws.throttleOverrides").hasMessageContaining("bucket=rate:burst");
        assertThatThrownBy(() -> AwsThrottleLimits.parseOverrides("iam/read=-1:5"))
                .hasMessageContaining("positive");
        assertThat(AwsThrottleLimits.parseOverrides(" ")).isEmpty();
    }

    @Test
    void theConfigurationAppliesOverridesAndRefusesBadOnes() {
        TracefleetConfiguration.AwsSettings aws = new TracefleetConfiguration.AwsSettings();
        aws.setThrottleOverrides("ecr/write=1:2");
        assertThat(aws.throttleLimits().get(new ThrottleBucket(AwsService.ECR, "write")))
                .isEqualTo(new BucketLimit(1, 2));
        assertThatThrownBy(() -> aws.setThrottleOverrides("ecr/wirte=1:2"))
                .hasMessageContaining("aws.throttleOverrides");
    }

    @Test
    void callsArePacedAgainstAwsAndExplicitEndpointsButNotAgainstTheEmbeddedMoto() {
        TracefleetConfiguration.AwsSettings aws = new TracefleetConfiguration.AwsSettings();
        assertThat(aws.isLocal()).isTrue();
        assertThat(aws.isPaced()).as("local, auto").isFalse();
        aws.setEndpoint("http://127.0.0.1:5000");
        assertThat(aws.isPaced()).as("an explicit endpoint, auto").isTrue();
        aws.setEndpoint("");
        assertThat(aws.isPaced()).as("real AWS, auto").isTrue();
        aws.setRateLimitedSetting("false");
        assertThat(aws.isPaced()).isFalse();
        aws.setEndpoint("local");
        aws.setRateLimitedSetting("true");
        assertThat(aws.isPaced()).as("local, asked to pace").isTrue();
        assertThatThrownBy(() -> aws.setRateLimitedSetting("sometimes")).hasMessageContaining("aws.rateLimited");
    }

    private static BucketLimit limitOf(AwsService service, String action) {
        List<ThrottleBucket> buckets = AwsThrottleLimits.bucketsOf(AwsOperation.of(service, action));
        return AwsThrottleLimits.documented().get(buckets.get(0));
    }
}
