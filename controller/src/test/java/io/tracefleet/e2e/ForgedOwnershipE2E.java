package io.tracefleet.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.AwsCall;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags are a claim anyone allowed to tag can make. Resources made out of band that carry Tracefleet's tags, but not
 * its proof, are reported and never touched: not by the prune, and not by a create that finds one of the spec's
 * names taken by a look-alike made in the moment before it.
 */
class ForgedOwnershipE2E extends E2EBase {
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    /** All three tags, with a logical id the spec does not name: what the prune used to delete. */
    private static final Map<String, String> THREE = OwnershipTags.of(APP, LogicalId.of("forged/resource"));
    /** Only two: enough for a security group's prune to delete it before the proof. */
    private static final Map<String, String> TWO = Map.of(OwnershipTags.MANAGED_BY, OwnershipTags.MANAGED_BY_VALUE,
            OwnershipTags.APPLICATION, APP);

    private record Forged(ResourceKind kind, String name, String identifier) {
        String id() {
            return "unproven/" + kind.label() + "/" + name;
        }
    }

    @Test
    void forgedTagsGetNoWriteAndAreReportedUnproven() throws Exception {
        assertThat(controller.passFor(APP).isSynced()).as("the example converges").isTrue();
        List<Forged> forged = new ArrayList<>();
        forged.addAll(forge("three", THREE));
        forged.addAll(forge("two", TWO));

        CycleResult result = controller.passFor(APP);

        for (Forged f : forged) {
            assertThat(proxy.writesNaming(f.name())).as("writes naming %s", f.name()).isEmpty();
            assertThat(proxy.writesNaming(f.identifier())).as("writes naming %s", f.identifier()).isEmpty();
        }
        Map<String, ResourceStatus> byId = byId(result);
        assertThat(forged).allSatisfy(f -> assertThat(byId).as(f.id()).hasEntrySatisfying(f.id(), status -> {
            assertThat(status.sync()).isEqualTo(SyncState.UNPROVEN);
            assertThat(status.identifier()).isEqualTo(f.identifier());
            assertThat(status.message()).contains("no ownership proof");
        }));
        assertThat(result.plan().isEmpty()).as("nothing to do: " + result.plan().toText()).isTrue();
        assertThat(result.isSynced()).as("what is beside the spec does not unsettle it").isTrue();
        assertThat(stillThere(forged)).containsExactlyElementsOf(forged.stream().map(Forged::name).toList());

        JsonNode status = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + controller.localPort() + "/status/" + APP)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.get("sync").asText()).isEqualTo("Synced");
        Map<String, String> served = new LinkedHashMap<>();
        StreamSupport.stream(status.get("resources").spliterator(), false)
                .forEach(r -> served.put(r.get("id").asText(), r.get("sync").asText()));
        assertThat(forged).allSatisfy(f -> assertThat(served).containsEntry(f.id(), "Unproven"));
    }

    @Test
    void aLookalikeMadeInTheCreateRaceIsNotCreatedNorWiredToDependents() {
        Map<String, String> sameLogicalId = OwnershipTags.of(APP, LogicalId.of("network/security-group"));
        String[] lookalike = new String[1];
        proxy.inject(FaultRule.on("ec2", "CreateSecurityGroup", Fault.racedBy(request -> lookalike[0] = moto.ec2()
                .createSecurityGroup(r -> r.groupName("xray-fargate-sg").description("made in the race")
                        .vpcId(defaultVpc()).tagSpecifications(t -> t.resourceType("security-group")
                                .tags(ec2Tags(sameLogicalId)))).groupId())).times(1));
        // A role: its tags come with every read, so whichever pass meets it, it shows as it is.
        String[] raced = new String[1];
        proxy.inject(FaultRule.on("iam", "CreateRole", Fault.racedBy(request -> {
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("RoleName=(\\S+)").matcher(request);
            assertThat(name.find()).as(request).isTrue();
            raced[0] = name.group(1);
            moto.iam().createRole(r -> r.roleName(raced[0]).assumeRolePolicyDocument(TRUST)
                    .tags(OwnershipTags.of(APP, LogicalId.of("roles/task-role")).entrySet().stream()
                            .map(e -> software.amazon.awssdk.services.iam.model.Tag.builder().key(e.getKey())
                                    .value(e.getValue()).build()).toList()));
        })).times(1));

        CycleResult result = controller.passFor(APP);

        Map<String, ResourceStatus> byId = byId(result);
        assertThat(lookalike[0]).as("the race ran").isNotNull();
        assertThat(byId.get("network/security-group").sync()).isEqualTo(SyncState.UNPROVEN);
        assertThat(byId.get("network/security-group").identifier()).isEqualTo(lookalike[0]);
        assertThat(byId.get("network/security-group").message()).isNotEqualTo("created");
        assertThat(result.resources()).filteredOn(r -> raced[0].equals(r.physicalName()))
                .as("the role raced: %s", raced[0]).singleElement()
                .satisfies(r -> assertThat(r.sync()).isEqualTo(SyncState.UNPROVEN));
        assertThat(byId.get("service-a/load-balancer").sync()).as("a dependent waits, never wired to it")
                .isEqualTo(SyncState.BLOCKED);
        assertThat(proxy.writesNaming(lookalike[0])).as("writes naming the look-alike")
                .extracting(AwsCall::operation).isEmpty();
        assertThat(proxy.writesNaming(raced[0])).extracting(AwsCall::operation)
                .as("only the create that found it taken").containsOnly("CreateRole");
        SecurityGroup group = moto.ec2().describeSecurityGroups(r -> r.groupIds(lookalike[0])).securityGroups().get(0);
        assertThat(group.ipPermissions()).as("no rule authorized on it").isEmpty();
        assertThat(moto.iam().listRolePolicies(r -> r.roleName(raced[0])).policyNames())
                .as("no policy put on it").isEmpty();
        assertThat(moto.iam().listAttachedRolePolicies(r -> r.roleName(raced[0])).attachedPolicies())
                .as("no policy attached to it").isEmpty();
    }

    private List<Forged> forge(String label, Map<String, String> tags) {
        String vpc = defaultVpc();
        List<String> subnets = moto.ec2().describeSubnets(r -> r.filters(
                Filter.builder().name("vpc-id").values(vpc).build(),
                Filter.builder().name("default-for-az").values("true").build())).subnets().stream()
                .map(s -> s.subnetId()).sorted().limit(2).toList();
        List<Forged> made = new ArrayList<>();
        String lb = "forged-" + label + "-alb";
        made.add(new Forged(ResourceKind.LOAD_BALANCER, lb, moto.elbv2().createLoadBalancer(r -> r.name(lb)
                .subnets(subnets).tags(elbTags(tags))).loadBalancers().get(0).loadBalancerArn()));
        String tg = "forged-" + label + "-tg";
        made.add(new Forged(ResourceKind.TARGET_GROUP, tg, moto.elbv2().createTargetGroup(r -> r.name(tg)
                .protocol("HTTP").port(8080).vpcId(vpc).targetType("ip").tags(elbTags(tags))).targetGroups().get(0)
                .targetGroupArn()));
        String cluster = "forged-" + label + "-cluster";
        made.add(new Forged(ResourceKind.ECS_CLUSTER, cluster, moto.ecs().createCluster(r -> r.clusterName(cluster)
                .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ecs.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList())).cluster().clusterArn()));
        String role = "forged-" + label + "-role";
        made.add(new Forged(ResourceKind.IAM_ROLE, role, moto.iam().createRole(r -> r.roleName(role)
                .assumeRolePolicyDocument(TRUST).tags(tags.entrySet().stream().map(e -> software.amazon.awssdk
                        .services.iam.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
                .role().arn()));
        String group = "forged-" + label + "-sg";
        made.add(new Forged(ResourceKind.SECURITY_GROUP, group, moto.ec2().createSecurityGroup(r -> r.groupName(group)
                .description("someone else's").vpcId(vpc).tagSpecifications(t -> t.resourceType("security-group")
                        .tags(ec2Tags(tags)))).groupId()));
        return made;
    }

    /** The names of those that still exist in moto, in order. */
    private List<String> stillThere(List<Forged> forged) {
        List<String> there = new ArrayList<>();
        for (Forged f : forged) {
            boolean exists = switch (f.kind()) {
                case LOAD_BALANCER -> !moto.elbv2().describeLoadBalancers(r -> r.names(f.name())).loadBalancers()
                        .isEmpty();
                case TARGET_GROUP -> !moto.elbv2().describeTargetGroups(r -> r.names(f.name())).targetGroups()
                        .isEmpty();
                case ECS_CLUSTER -> moto.ecs().describeClusters(r -> r.clusters(f.name())).clusters().stream()
                        .anyMatch(c -> "ACTIVE".equals(c.status()));
                case IAM_ROLE -> moto.iam().getRole(r -> r.roleName(f.name())).role() != null;
                case SECURITY_GROUP -> !moto.ec2().describeSecurityGroups(r -> r.groupIds(f.identifier()))
                        .securityGroups().isEmpty();
                default -> throw new IllegalArgumentException(f.kind().toString());
            };
            if (exists) {
                there.add(f.name());
            }
        }
        return there;
    }

    private String defaultVpc() {
        return moto.ec2().describeVpcs(r -> r.filters(Filter.builder().name("is-default").values("true").build()))
                .vpcs().get(0).vpcId();
    }

    private static List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> elbTags(
            Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag
                .builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static List<software.amazon.awssdk.services.ec2.model.Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ec2.model.Tag.builder()
                .key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
