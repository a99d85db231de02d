package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.ResourceKind;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An ECR repository for a service's images. Tracefleet only makes sure it exists; the images in it belong to
 * whoever pushes them, so it is never deleted with images in it.
 */
public final class EcrRepositoryHandler implements ResourceHandler<EcrRepositoryHandler.View> {

    /** Nothing about the repository is managed beyond its existence and tags. */
    public record View() {
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.ECR_REPOSITORY;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        // Not found also covers a repository deleted between the describe and the tag read.
        return AwsErrors.unlessNotFound(() -> context.aws().ecr()
                .describeRepositories(r -> r.repositoryNames(desired.physicalName()))
                .repositories().stream().findFirst().map(repository -> observed(repository, context)))
                .flatMap(found -> found);
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        return new View();
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        return TakenName.createOrFind(() -> {
            Repository repository = context.aws().ecr().createRepository(r -> r.repositoryName(desired.physicalName())
                    .tags(tags(context.ownership().tagsFor(desired)))).repository();
            return observed(repository, context.ownership().tagsFor(desired));
        }, () -> observe(desired, context), "repository " + desired.physicalName());
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        context.aws().ecr().tagResource(r -> r.resourceArn(actual.identifier()).tags(tags(context.ownership().tagsFor(desired))));
    }

    /**
     * Without {@code force}: a repository that still holds images is refused (RepositoryNotEmptyException) and
     * the refusal is reported, so no image is ever lost to a spec edit.
     */
    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        AwsErrors.ignoringNotFound(() -> context.aws().ecr().deleteRepository(
                r -> r.repositoryName(actual.physicalName())));
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        List<Observed<View>> owned = new ArrayList<>();
        for (Repository repository : context.aws().ecr().describeRepositoriesPaginator(r -> { }).repositories()) {
            Observed<View> observed;
            try {
                observed = observed(repository, context);
            } catch (RuntimeException e) {
                if (AwsErrors.classify(e) == AwsErrorKind.NOT_FOUND) {
                    continue;
                }
                throw e;
            }
            if (observed.isClaimedBy(context.application())) {
                owned.add(observed);
            }
        }
        return owned;
    }

    private static Observed<View> observed(Repository repository, CycleContext context) {
        List<Tag> tags = context.aws().ecr().listTagsForResource(r -> r.resourceArn(repository.repositoryArn()))
                .tags();
        return observed(repository, tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)));
    }

    private static Observed<View> observed(Repository repository, Map<String, String> tags) {
        return new Observed<>(ResourceKind.ECR_REPOSITORY, repository.repositoryName(), repository.repositoryArn(),
                tags, Map.of(Output.ARN, repository.repositoryArn(), Output.ID, repository.repositoryName(),
                        Output.REPOSITORY_URI, repository.repositoryUri()), new View());
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
