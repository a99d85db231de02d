package io.tracefleet.resources;

import io.tracefleet.desired.ContainerDefinition;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ServiceProperties;
import io.tracefleet.desired.TaskDefinitionProperties;
import io.tracefleet.desired.Template;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.Action;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.diff.Health;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.time.Clock;
import java.util.List;

import static io.tracefleet.resources.EcsTestStates.byId;
import static io.tracefleet.resources.EcsTestStates.envOf;
import static io.tracefleet.resources.EcsTestStates.latest;
import static io.tracefleet.resources.EcsTestStates.paths;
import static org.assertj.core.api.Assertions.assertThat;

/** ECS services through the reconciler: create, stay put, follow their task definition, heal, prune. */
@ExtendWith(MotoExtension.class)
class EcsServiceHandlerIT {
    private AwsFixture fixture;
    private EcsWorld world;
    private ApplicationReconciler reconciler;
    private DesiredState desired;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        desired = fixture.seed;
        world = new EcsWorld(fixture.aws, desired);
        reconciler = new ApplicationReconciler(fixture.aws, world.handlers(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Service service(String name) {
        return fixture.aws.ecs().describeServices(r -> r.cluster("xray-fargate").services(name)).services().get(0);
    }

    @Test
    void createsEachServiceWithItsNetworkAndLoadBalancerThenWritesNothing() {
        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.isSynced()).as(first.plan().toText()).isTrue();
        assertThat(byId(first).get("service-b/service").health()).isEqualTo(Health.HEALTHY);
        Service b = service("service-b");
        assertThat(b.status()).isEqualTo("ACTIVE");
        assertThat(b.launchTypeAsString()).isEqualTo("FARGATE");
        assertThat(b.desiredCount()).isEqualTo(1);
        assertThat(b.taskDefinition()).isEqualTo(latest(fixture.aws, "service-b").taskDefinitionArn());
        List<String> defaultSubnets = fixture.aws.ec2().describeSubnets(r -> r.filters(Filter.builder()
                .name("default-for-az").values("true").build())).subnets().stream().map(Subnet::subnetId).toList();
        assertThat(b.networkConfiguration().awsvpcConfiguration().subnets())
                .containsExactlyInAnyOrderElementsOf(defaultSubnets);
        assertThat(b.networkConfiguration().awsvpcConfiguration().securityGroups())
                .containsExactly(world.output("xray-fargate-sg", Output.ID));
        assertThat(b.networkConfiguration().awsvpcConfiguration().assignPublicIpAsString()).isEqualTo("ENABLED");
        assertThat(b.loadBalancers()).singleElement().satisfies(lb -> {
            assertThat(lb.targetGroupArn()).isEqualTo(world.output("xray-fargate-b-tg", Output.ARN));
            assertThat(lb.containerName()).isEqualTo("service-b");
            assertThat(lb.containerPort()).isEqualTo(8080);
        });
        assertThat(fixture.aws.ecs().listTagsForResource(r -> r.resourceArn(b.serviceArn())).tags())
                .anySatisfy(t -> assertThat(t.value()).isEqualTo("service-b/service"));

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        CallLog idle = fixture.proxy.callsSince(mark);
        assertThat(second.plan().isEmpty()).as(second.plan().toText()).isTrue();
        assertThat(idle.writes()).isZero();
        assertThat(idle.count("ecs", "ListClusters")).as("the clusters' and the services' prune share one listing")
                .isEqualTo(1);
        assertThat(idle.count("ecs", "DescribeClusters")).as("the cluster's observe, then the owned listing")
                .isEqualTo(2);
        assertThat(idle.count("ecs", "DescribeServices")).as("both services in one call").isEqualTo(1);
    }

    @Test
    void desiredCountDriftIsReportedAtItsPathAndHealed() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        fixture.aws.ecs().updateService(r -> r.cluster("xray-fargate").service("service-b").desiredCount(3));

        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());
        assertThat(planned.outOfSync()).singleElement().satisfies(s -> {
            assertThat(s.id().value()).isEqualTo("service-b/service");
            assertThat(s.drift()).extracting(Object::toString).containsExactly("desiredCount: want 1, have 3");
        });

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(healed.isSynced()).isTrue();
        assertThat(fixture.proxy.callsSince(mark).writes()).isEqualTo(1);
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "UpdateService")).isEqualTo(1);
        assertThat(service("service-b").desiredCount()).isEqualTo(1);
        assertThat(reconciler.reconcile(desired, ReconcileOptions.planning()).plan().isEmpty()).isTrue();
    }

    @Test
    void aChangedImageEnvAndCpuMakeOneRevisionAndMoveTheServiceToIt() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        DesiredState edited = EcsTestStates.<TaskDefinitionProperties>edit(desired, "service-b/task-definition",
                p -> bigger(TaskDefinitionHandlerIT.withServiceEnv(p, "service-b", "MODE", "fast")));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(edited, ReconcileOptions.applying());

        CallLog calls = fixture.proxy.callsSince(mark);
        assertThat(calls.count("ecs", "RegisterTaskDefinition")).isEqualTo(1);
        assertThat(calls.count("ecs", "UpdateService")).isEqualTo(1);
        assertThat(calls.writes()).as("nothing else changes").isEqualTo(2);
        assertThat(result.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactly("UPDATE service-b/task-definition", "UPDATE service-b/service");
        TaskDefinition b = latest(fixture.aws, "service-b");
        assertThat(b.revision()).isEqualTo(2);
        assertThat(b.cpu()).isEqualTo("512");
        assertThat(b.memory()).isEqualTo("1024");
        assertThat(envOf(b, "service-b")).containsEntry("MODE", "fast");
        assertThat(b.containerDefinitions()).filteredOn(c -> c.name().equals("service-b")).singleElement()
                .satisfies(c -> assertThat(c.image()).endsWith("/service-b:v2"));
        assertThat(service("service-b").taskDefinition()).isEqualTo(b.taskDefinitionArn());
        assertThat(service("service-a").taskDefinition()).endsWith("/service-a:1");

        CallLog.Mark idle = fixture.proxy.mark();
        assertThat(reconciler.reconcile(edited, ReconcileOptions.applying()).plan().isEmpty()).isTrue();
        assertThat(fixture.proxy.callsSince(idle).writes()).isZero();
    }

    @Test
    void aDroppedServiceIsDeletedAndOnlyItsOwnFamilyDeregistered() {
        // A family whose name starts with the dropped one's: ListTaskDefinitions' familyPrefix would match it.
        fixture.aws.ecs().registerTaskDefinition(r -> r.family("service-a-worker").cpu("256").memory("512")
                .containerDefinitions(c -> c.name("worker").image("nginx")));
        reconciler.reconcile(desired, ReconcileOptions.applying());
        EcsTestStates.registerByHand(fixture.aws, "service-a", EcsTestStates.env("EXTRA", "1"));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(EcsTestStates.withoutService(desired, "service-a"),
                ReconcileOptions.applying());

        assertThat(result.plan().actions()).extracting(a -> a.verb() + " " + a.kind() + " " + a.physicalName())
                .containsExactly("DELETE ecs-service service-a", "DELETE task-definition service-a");
        assertThat(byId(result).get("service-a/log-group").sync()).isEqualTo(SyncState.ORPHANED);
        CallLog calls = fixture.proxy.callsSince(mark);
        assertThat(calls.count("ecs", "DeleteService")).isEqualTo(1);
        assertThat(calls.count("ecs", "DeregisterTaskDefinition")).as("both revisions of service-a").isEqualTo(2);
        assertThat(service("service-a").status()).isNotEqualTo("ACTIVE");
        assertThat(activeRevisions("service-a")).isEmpty();
        assertThat(activeRevisions("service-a-worker")).hasSize(1);
        assertThat(activeRevisions("service-b")).hasSize(1);
        assertThat(service("service-b").status()).isEqualTo("ACTIVE");

        CallLog.Mark idle = fixture.proxy.mark();
        CycleResult after = reconciler.reconcile(EcsTestStates.withoutService(desired, "service-a"),
                ReconcileOptions.applying());
        assertThat(after.plan().actions()).extracting(Action::verb).doesNotContain(Action.Verb.DELETE);
        assertThat(fixture.proxy.callsSince(idle).writes()).isZero();
    }

    @Test
    void aLaunchTypeChangeIsPlannedAsAReplacement() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        DesiredState onEc2 = EcsTestStates.<ServiceProperties>edit(desired, "service-b/service",
                p -> new ServiceProperties(p.cluster(), p.taskDefinition(), "EC2", p.desiredCount(), p.deployment(),
                        p.subnets(), p.securityGroups(), p.assignPublicIp(), p.loadBalancers()));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult planned = reconciler.reconcile(onEc2, ReconcileOptions.planning());

        assertThat(planned.plan().actions()).singleElement().satisfies(a -> {
            assertThat(a.verb()).isEqualTo(Action.Verb.REPLACE);
            assertThat(a.changes()).extracting(Object::toString).containsExactly("launchType: want EC2, have FARGATE");
        });
        assertThat(fixture.proxy.callsSince(mark).writes()).isZero();

        CycleResult applied = reconciler.reconcile(onEc2, ReconcileOptions.applying());
        assertThat(applied.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .contains("REPLACE service-b/service");
        assertThat(fixture.proxy.callsSince(mark).count("ecs", "UpdateService")).isZero();
    }

    private List<String> activeRevisions(String family) {
        return TaskDefinitions.revisionsOfFamily(family, fixture.aws.ecs().listTaskDefinitions(r -> r
                .familyPrefix(family).status("ACTIVE")).taskDefinitionArns());
    }

    private static TaskDefinitionProperties bigger(TaskDefinitionProperties p) {
        List<ContainerDefinition> containers = p.containers().stream().map(c -> !c.name().equals("service-b") ? c
                : new ContainerDefinition(c.name(), Template.of(c.image().parts().get(0), ":v2"), c.essential(),
                c.cpu(), c.memoryReservation(), c.portMappings(), c.environment(), c.command(),
                c.logConfiguration())).toList();
        return new TaskDefinitionProperties(p.family(), 512, 1024, p.networkMode(), p.requiresCompatibilities(),
                p.taskRoleArn(), p.executionRoleArn(), containers);
    }
}
