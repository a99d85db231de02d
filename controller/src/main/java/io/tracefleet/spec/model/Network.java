package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Required;

import java.util.List;

public record Network(
        @Required @Named(NameRule.VPC) @Doc("A VPC id, or 'default' for the region's default VPC.") String vpc,
        @Doc("Subnet ids (at least two, in different zones, for a load balancer). Omit them with vpc: default "
                + "to use the default VPC's default subnets.") List<@Named(NameRule.SUBNET_ID) String> subnets,
        @Doc("Give tasks a public IP (needed to pull public images from public subnets). Default: false.")
        Boolean assignPublicIp,
        @Named(NameRule.SECURITY_GROUP_NAME)
        @Doc("Name of the application's security group. Default: <application>-sg.") String securityGroupName,
        @Doc("Inbound rules of the application's security group, besides all traffic from the group itself.")
        List<IngressRule> ingress) {
}
