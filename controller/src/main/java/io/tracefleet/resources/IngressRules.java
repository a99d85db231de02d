package io.tracefleet.resources;

import io.tracefleet.desired.SecurityGroupProperties.Permission;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Security group inbound rules in one flat, comparable form. AWS groups rules by protocol and port range, each
 * group with several IPv4 ranges, IPv6 ranges, prefix lists and groups; one {@link Rule} per source makes two
 * groups that allow the same traffic compare equal however AWS happens to group them.
 */
final class IngressRules {
    static final String SELF = "self";

    /** IANA protocol numbers AWS may answer with for the protocols it also knows by name. */
    private static final Map<String, String> PROTOCOL_NAMES = Map.of("6", "tcp", "17", "udp", "1", "icmp",
            "58", "icmpv6");

    private IngressRules() {
    }

    /**
     * One inbound rule.
     *
     * @param source an IPv4 or IPv6 CIDR block, {@link #SELF} for the group itself, another group's id
     *               ({@code sg-…}, so a rule from another group shows as drift) or a prefix list ({@code pl-…})
     */
    record Rule(String protocol, int fromPort, int toPort, String source) {
        Rule {
            protocol = protocol.toLowerCase(Locale.ROOT);
            protocol = PROTOCOL_NAMES.getOrDefault(protocol, protocol);
            if (Permission.ALL_PROTOCOLS.equals(protocol)) {
                // All traffic has no ports: AWS leaves them out, the spec says -1.
                fromPort = -1;
                toPort = -1;
            }
        }

        @Override
        public String toString() {
            String what = Permission.ALL_PROTOCOLS.equals(protocol) ? "all traffic"
                    : protocol + " " + (fromPort == toPort ? fromPort : fromPort + "-" + toPort);
            return what + " from " + (SELF.equals(source) ? "itself" : source);
        }

        private boolean isGroup() {
            return source.startsWith("sg-");
        }

        private boolean isPrefixList() {
            return source.startsWith("pl-");
        }

        private boolean isIpv6() {
            return source.contains(":");
        }
    }

    static Set<Rule> desired(List<Permission> permissions) {
        Set<Rule> rules = new HashSet<>();
        for (Permission p : permissions) {
            rules.add(new Rule(p.protocol(), p.fromPort(), p.toPort(), p.fromSelf() ? SELF : p.cidr()));
        }
        return rules;
    }

    /** The rules of a group as DescribeSecurityGroups reports them; {@code groupId} is the group's own id. */
    static Set<Rule> actual(List<IpPermission> permissions, String groupId) {
        Set<Rule> rules = new HashSet<>();
        for (IpPermission p : permissions) {
            int from = p.fromPort() == null ? -1 : p.fromPort();
            int to = p.toPort() == null ? -1 : p.toPort();
            p.ipRanges().forEach(r -> rules.add(new Rule(p.ipProtocol(), from, to, r.cidrIp())));
            p.ipv6Ranges().forEach(r -> rules.add(new Rule(p.ipProtocol(), from, to, r.cidrIpv6())));
            p.prefixListIds().forEach(r -> rules.add(new Rule(p.ipProtocol(), from, to, r.prefixListId())));
            p.userIdGroupPairs().forEach(pair -> rules.add(new Rule(p.ipProtocol(), from, to,
                    groupId.equals(pair.groupId()) ? SELF : otherGroup(pair))));
        }
        return rules;
    }

    /** In a VPC a pair always names the group by id; only EC2-Classic ones had just a name. */
    private static String otherGroup(UserIdGroupPair pair) {
        return pair.groupId() != null ? pair.groupId() : pair.groupName();
    }

    /** The rules as AWS takes them in Authorize/RevokeSecurityGroupIngress: one permission per rule. */
    static List<IpPermission> toAws(Collection<Rule> rules, String groupId) {
        List<IpPermission> permissions = new ArrayList<>();
        for (Rule rule : rules) {
            IpPermission.Builder p = IpPermission.builder().ipProtocol(rule.protocol());
            if (!Permission.ALL_PROTOCOLS.equals(rule.protocol())) {
                p.fromPort(rule.fromPort()).toPort(rule.toPort());
            }
            if (SELF.equals(rule.source())) {
                p.userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build());
            } else if (rule.isGroup()) {
                p.userIdGroupPairs(UserIdGroupPair.builder().groupId(rule.source()).build());
            } else if (rule.isPrefixList()) {
                p.prefixListIds(PrefixListId.builder().prefixListId(rule.source()).build());
            } else if (rule.isIpv6()) {
                p.ipv6Ranges(Ipv6Range.builder().cidrIpv6(rule.source()).build());
            } else {
                p.ipRanges(IpRange.builder().cidrIp(rule.source()).build());
            }
            permissions.add(p.build());
        }
        return permissions;
    }
}
