package io.tracefleet.resources;

import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.reconcile.ApplicationReconciler;
import io.tracefleet.reconcile.CycleResult;
import io.tracefleet.reconcile.ReconcileOptions;
import io.tracefleet.reconcile.ResourceStatus;
import io.tracefleet.reconcile.SyncState;
import io.tracefleet.testing.CallLog;
import io.tracefleet.testing.MotoExtension;
import io.tracefleet.testing.TestAwsClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The example's two repositories through the reconciler: create, no-op, deleted by hand, conflict, prune. */
@ExtendWith(MotoExtension.class)
class EcrRepositoryHandlerIT {
    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.docker.container.image.v1+json\",\"size\":2,\"digest\":\"sha256:"
            + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\"},\"layers\":[]}";

    private AwsFixture fixture;
    private AwsClients outOfBand;
    private ApplicationReconciler reconciler;
    private DesiredState desired;

    @BeforeEach
    void start(LocalAws moto) {
        fixture = new AwsFixture(moto);
        outOfBand = TestAwsClients.of(moto.endpoint(), Region.of(fixture.seed.region()));
        reconciler = new ApplicationReconciler(fixture.aws, ResourceHandlers.all(), io.tracefleet.testing.TestKeys.KEYS, Clock.systemUTC());
        desired = fixture.seedOf(Set.of(ResourceKind.ECR_REPOSITORY));
    }

    @AfterEach
    void stop() {
        outOfBand.close();
        fixture.close();
    }

    @Test
    void createsBothRepositoriesThenMakesNoWriteOnTheNextCycle() {
        CycleResult first = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(first.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactly("CREATE service-b/ecr-repository", "CREATE service-a/ecr-repository");
        assertThat(first.isSynced()).isTrue();
        Repository b = repository("service-b");
        assertThat(tags(b)).containsEntry(OwnershipTags.APPLICATION, "xray-fargate")
                .containsEntry(OwnershipTags.RESOURCE, "service-b/ecr-repository");

        CallLog.Mark mark = fixture.proxy.mark();
        CycleResult second = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(second.plan().isEmpty()).as(second.plan().toText()).isTrue();
        assertThat(second.resources()).extracting(ResourceStatus::sync).containsOnly(SyncState.SYNCED);
        assertThat(second.resources()).extracting(ResourceStatus::identifier)
                .contains(b.repositoryArn());
        assertThat(fixture.proxy.callsSince(mark).writes()).as("an idle cycle writes nothing").isZero();
        assertThat(fixture.proxy.callsSince(mark).count("ecr", "ListTagsForResource")).isPositive();
    }

    @Test
    void aRepeatedCreateAnswersWithTheExistingRepositoryAndItsOutputs() {
        EcrRepositoryHandler handler = new EcrRepositoryHandler();
        DesiredResource b = fixture.seedResource("service-b/ecr-repository");
        CycleContext context = fixture.context(desired);

        Observed<EcrRepositoryHandler.View> created = handler.create(b, new EcrRepositoryHandler.View(), context);
        Observed<EcrRepositoryHandler.View> again = handler.create(b, new EcrRepositoryHandler.View(), context);

        Repository actual = repository("service-b");
        assertThat(again).isEqualTo(created);
        assertThat(created.outputs()).isEqualTo(Map.of(Output.ARN, actual.repositoryArn(), Output.ID, "service-b",
                Output.REPOSITORY_URI, actual.repositoryUri()));
        assertThat(outOfBand.ecr().describeRepositories().repositories()).hasSize(1);
    }

    @Test
    void aRepositoryDeletedByHandIsPlannedAsMissingAndRecreated() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.ecr().deleteRepository(r -> r.repositoryName("service-a"));

        CycleResult planned = reconciler.reconcile(desired, ReconcileOptions.planning());

        assertThat(planned.resources()).filteredOn(r -> r.id().value().equals("service-a/ecr-repository"))
                .extracting(ResourceStatus::sync).containsExactly(SyncState.MISSING);
        assertThat(planned.plan().actions()).extracting(a -> a.verb() + " " + a.id())
                .containsExactly("CREATE service-a/ecr-repository");

        CycleResult healed = reconciler.reconcile(desired, ReconcileOptions.applying());
        assertThat(healed.isSynced()).isTrue();
        assertThat(tags(repository("service-a"))).containsEntry(OwnershipTags.MANAGED_BY, "tracefleet");
    }

    @Test
    void anUnownedRepositoryWithTheDesiredNameIsAConflictAndIsNeverChanged() {
        outOfBand.ecr().createRepository(r -> r.repositoryName("service-b"));
        CallLog.Mark mark = fixture.proxy.mark();

        CycleResult result = reconciler.reconcile(desired, ReconcileOptions.applying());

        assertThat(result.resources()).filteredOn(r -> r.id().value().equals("service-b/ecr-repository"))
                .extracting(ResourceStatus::sync).containsExactly(SyncState.CONFLICT);
        assertThat(fixture.proxy.callsSince(mark).writeCalls()).extracting(c -> c.operation())
                .containsExactly("CreateRepository");
        assertThat(fixture.proxy.callsSince(mark).of("ecr", "CreateRepository")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(tags(repository("service-b"))).isEmpty();
    }

    @Test
    void aRepositoryDroppedFromTheSpecIsPrunedButNeverWithItsImages() {
        reconciler.reconcile(desired, ReconcileOptions.applying());
        outOfBand.ecr().putImage(r -> r.repositoryName("service-b").imageTag("latest").imageManifest(MANIFEST));
        DesiredState neither = new DesiredState(desired.application(), desired.region(), List.of());

        CycleResult pruned = reconciler.reconcile(neither, ReconcileOptions.applying());

        assertThat(pruned.plan().actions()).extracting(a -> a.verb() + " " + a.physicalName())
                .containsExactlyInAnyOrder("DELETE service-a", "DELETE service-b");
        assertThat(outOfBand.ecr().describeRepositories().repositories()).extracting(Repository::repositoryName)
                .containsExactly("service-b");
        assertThat(pruned.resources()).singleElement().satisfies(status -> {
            assertThat(status.physicalName()).isEqualTo("service-b");
            assertThat(status.sync()).isEqualTo(SyncState.ERROR);
            assertThat(status.message()).contains("RepositoryNotEmptyException");
        });
        assertThat(outOfBand.ecr().listImages(r -> r.repositoryName("service-b")).imageIds()).hasSize(1);
    }

    private Repository repository(String name) {
        return outOfBand.ecr().describeRepositories(r -> r.repositoryNames(name)).repositories().get(0);
    }

    private Map<String, String> tags(Repository repository) {
        return outOfBand.ecr().listTagsForResource(r -> r.resourceArn(repository.repositoryArn())).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
