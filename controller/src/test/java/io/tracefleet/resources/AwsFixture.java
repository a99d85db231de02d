package io.tracefleet.resources;

import io.tracefleet.aws.AwsClientSettings;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.local.LocalAws;
import io.tracefleet.spec.TestSpecs;
import io.tracefleet.testing.AwsProxy;
import software.amazon.awssdk.regions.Region;

import java.util.Set;

/**
 * The controller's own AWS clients, pointed at moto through the call-counting proxy, plus the example's desired
 * state: what handler and reconciler tests need.
 */
public final class AwsFixture implements AutoCloseable {
    public final AwsProxy proxy;
    public final AwsClients aws;
    public final DesiredState seed;

    public AwsFixture(LocalAws moto) {
        this.seed = DesiredStateBuilder.build(TestSpecs.seedExample());
        this.proxy = AwsProxy.start(moto.endpoint());
        this.aws = AwsClients.create(AwsClientSettings.endpoint(proxy.endpoint(), Region.of(seed.region())));
    }

    /** A fresh context, as every cycle gets one. */
    public CycleContext context(DesiredState desired) {
        return new CycleContext(aws, desired, new Outputs(), new NetworkLookup(aws.ec2()),
                io.tracefleet.testing.TestKeys.KEYS);
    }

    /** The example reduced to some kinds (for handlers built before their dependencies are). */
    public DesiredState seedOf(Set<ResourceKind> kinds) {
        return new DesiredState(seed.application(), seed.region(),
                seed.resources().stream().filter(r -> kinds.contains(r.kind())).toList());
    }

    public DesiredResource seedResource(String logicalId) {
        return seed.get(LogicalId.of(logicalId));
    }

    @Override
    public void close() {
        aws.close();
        proxy.close();
    }
}
