package io.tracefleet.resources;

import io.tracefleet.desired.Subnets;
import io.tracefleet.desired.Vpc;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.Comparator;
import java.util.List;

/**
 * Finds the default VPC and its default subnets when a spec says {@code vpc: default}. Asked at most once per
 * cycle and never remembered across cycles: a recreated default VPC is picked up by the next cycle.
 */
public final class NetworkLookup {
    private final Ec2Client ec2;
    private volatile String defaultVpcId;
    private volatile List<String> defaultSubnetIds;

    public NetworkLookup(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public String vpcId(Vpc vpc) {
        if (!vpc.isDefault()) {
            return vpc.id();
        }
        String known = defaultVpcId;
        if (known == null) {
            known = ec2.describeVpcs(r -> r.filters(Filter.builder().name("is-default").values("true").build()))
                    .vpcs().stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("the region has no default VPC; name a VPC by id "
                            + "in spec.network.vpc"))
                    .vpcId();
            defaultVpcId = known;
        }
        return known;
    }

    /** Subnet ids, sorted by availability zone so the same subnets always compare equal. */
    public List<String> subnetIds(Subnets subnets, Vpc vpc) {
        if (!subnets.isDefault()) {
            return subnets.ids();
        }
        List<String> known = defaultSubnetIds;
        if (known == null) {
            String vpcId = vpcId(vpc);
            known = ec2.describeSubnets(r -> r.filters(
                            Filter.builder().name("vpc-id").values(vpcId).build(),
                            Filter.builder().name("default-for-az").values("true").build()))
                    .subnets().stream()
                    .sorted(Comparator.comparing(Subnet::availabilityZone))
                    .map(Subnet::subnetId)
                    .toList();
            defaultSubnetIds = known;
        }
        return known;
    }
}
