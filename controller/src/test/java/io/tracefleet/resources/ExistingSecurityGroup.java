package io.tracefleet.resources;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.diff.Delta;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The security group as this test made it, read through EC2 and never written: load balancers need its id,
 * and the security group's own handler is not part of the ELBv2 handler tests.
 */
final class ExistingSecurityGroup implements ResourceHandler<ExistingSecurityGroup.View> {
    record View() {
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.SECURITY_GROUP;
    }

    @Override
    public Optional<Observed<View>> observe(DesiredResource desired, CycleContext context) {
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
                .values(desired.physicalName()).build())).securityGroups().stream().findFirst()
                .map(ExistingSecurityGroup::observed);
    }

    private static Observed<View> observed(SecurityGroup group) {
        return new Observed<>(ResourceKind.SECURITY_GROUP, group.groupName(), group.groupId(),
                group.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value())),
                Map.of(io.tracefleet.desired.Output.ID, group.groupId()), new View());
    }

    @Override
    public View desiredView(DesiredResource desired, CycleContext context) {
        return new View();
    }

    @Override
    public Observed<View> create(DesiredResource desired, View view, CycleContext context) {
        throw new IllegalStateException("the test creates the security group");
    }

    @Override
    public Observed<View> update(DesiredResource desired, View view, Observed<View> actual, Delta delta,
                                 CycleContext context) {
        return actual;
    }

    @Override
    public void tag(DesiredResource desired, Observed<View> actual, CycleContext context) {
        throw new IllegalStateException("the test's security group is always owned");
    }

    @Override
    public void delete(Observed<View> actual, CycleContext context) {
        throw new IllegalStateException("the test's security group is never pruned");
    }

    @Override
    public List<Observed<View>> listOwned(CycleContext context) {
        return List.of();
    }
}
