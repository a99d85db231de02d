package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import software.amazon.awssdk.services.ecs.model.Cluster;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The ECS cluster. Fargate needs nothing configured on it, so only its existence and ownership matter. */
public final class ClusterHandler implements ResourceHandler<ClusterHandler.View> {

    public record View() {
    }

    private static final String ACTIVE = "ACTIVE";

    @Override
    public ResourceKind kind() {
        return ResourceKind.ECS_CLUSTER;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        // A deleted cluster stays visible as INACTIVE for a while; it is gone for our purposes.
        return context.aws().ecs().describeClusters(r -> r.clusters(desired.physicalName()).include(ClusterField.TAGS))
                .clusters().stream()
                .filter(c -> ACTIVE.equals(c.status()))
                .findFirst()
                .map(ClusterHandler::observed);
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        return new View();
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        // CreateCluster answers with the existing cluster when the name is taken, so a retry cannot duplicate it;
        // whoever made that cluster, its tags are read afresh, never assumed to be the ones just sent.
        Cluster cluster = context.aws().ecs().createCluster(r -> r.clusterName(desired.physicalName())
                .tags(EcsTags.toSdk(context.ownership().tagsFor(desired)))).cluster();
        context.memo().forget(new OwnedClusters());
        return context.aws().ecs().describeClusters(r -> r.clusters(cluster.clusterArn()).include(ClusterField.TAGS))
                .clusters().stream().filter(c -> ACTIVE.equals(c.status())).findFirst().map(ClusterHandler::observed)
                .orElseThrow(() -> new NotVisibleYet("cluster " + desired.physicalName()
                        + " was created but is not visible yet"));
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().ecs().tagResource(r -> r.resourceArn(actual.identifier())
                .tags(EcsTags.toSdk(context.ownership().tagsFor(desired))));
        context.memo().forget(new OwnedClusters());
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        AwsErrors.ignoringNotFound(() -> context.aws().ecs().deleteCluster(r -> r.cluster(actual.identifier())));
        context.memo().forget(new OwnedClusters());
    }

    private record OwnedClusters() {
    }

    /** Listed once a cycle for this kind's prune and the services' prune, which looks in the owned clusters. */
    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        return context.memo().get(new OwnedClusters(), () -> List.copyOf(listOwnedNow(context)));
    }

    private static List<Observed<View>> listOwnedNow(CycleContext context) {
        List<String> arns = new ArrayList<>();
        context.aws().ecs().listClustersPaginator(r -> { }).clusterArns().forEach(arns::add);
        List<Observed<View>> owned = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + 100));
            context.aws().ecs().describeClusters(r -> r.clusters(batch).include(ClusterField.TAGS)).clusters()
                    .stream()
                    .filter(c -> ACTIVE.equals(c.status()))
                    .map(ClusterHandler::observed)
                    .filter(o -> o.isClaimedBy(context.application()))
                    .forEach(owned::add);
        }
        return owned;
    }

    private static Observed<View> observed(Cluster cluster) {
        return new Observed<>(ResourceKind.ECS_CLUSTER, cluster.clusterName(), cluster.clusterArn(),
                EcsTags.toMap(cluster.tags()),
                Map.of(Output.ARN, cluster.clusterArn(), Output.ID, cluster.clusterName()), new View());
    }
}
