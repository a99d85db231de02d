package io.tracefleet.resources;

import io.tracefleet.desired.SecurityGroupProperties.Permission;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IngressRulesTest {
    private static final String SELF_ID = "sg-0123";

    @Test
    void aGroupedAnswerFlattensToOneRulePerSourceAndAllTrafficHasNoPorts() {
        List<IpPermission> answer = List.of(
                IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80)
                        .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build(),
                                IpRange.builder().cidrIp("10.0.0.0/8").build())
                        .ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build()).build(),
                IpPermission.builder().ipProtocol("-1")
                        .userIdGroupPairs(UserIdGroupPair.builder().userId("123").groupId(SELF_ID).build(),
                                UserIdGroupPair.builder().userId("123").groupId("sg-other").build()).build());

        assertThat(IngressRules.actual(answer, SELF_ID)).extracting(Object::toString).containsExactlyInAnyOrder(
                "tcp 80 from 0.0.0.0/0", "tcp 80 from 10.0.0.0/8", "tcp 80 from ::/0", "all traffic from itself",
                "all traffic from sg-other");
    }

    @Test
    void theSpecsRulesEqualWhatAwsReportsForThem() {
        Set<IngressRules.Rule> desired = IngressRules.desired(List.of(Permission.fromCidr("tcp", 80, "0.0.0.0/0"),
                Permission.allTrafficFromSelf()));
        List<IpPermission> answer = List.of(
                IpPermission.builder().ipProtocol("6").fromPort(80).toPort(80)
                        .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build(),
                IpPermission.builder().ipProtocol("-1")
                        .userIdGroupPairs(UserIdGroupPair.builder().groupId(SELF_ID).build()).build());

        assertThat(IngressRules.actual(answer, SELF_ID)).isEqualTo(desired);
    }

    @Test
    void rulesGoBackToAwsWithTheirSourceInTheRightPlace() {
        List<IpPermission> out = IngressRules.toAws(List.of(new IngressRules.Rule("-1", -1, -1, IngressRules.SELF),
                new IngressRules.Rule("tcp", 443, 443, "::/0"), new IngressRules.Rule("udp", 53, 53, "sg-other"),
                new IngressRules.Rule("tcp", 80, 81, "pl-1"), new IngressRules.Rule("tcp", 22, 22, "1.2.3.4/32")),
                SELF_ID);

        assertThat(out.get(0).userIdGroupPairs()).extracting(UserIdGroupPair::groupId).containsExactly(SELF_ID);
        assertThat(out.get(0).fromPort()).as("all traffic is sent without ports").isNull();
        assertThat(out.get(1).ipv6Ranges()).extracting(Ipv6Range::cidrIpv6).containsExactly("::/0");
        assertThat(out.get(2).userIdGroupPairs()).extracting(UserIdGroupPair::groupId).containsExactly("sg-other");
        assertThat(out.get(3).prefixListIds()).singleElement().satisfies(p -> {
            assertThat(p.prefixListId()).isEqualTo("pl-1");
        });
        assertThat(out.get(3).fromPort()).isEqualTo(80);
        assertThat(out.get(3).toPort()).isEqualTo(81);
        assertThat(out.get(4).ipRanges()).extracting(IpRange::cidrIp).containsExactly("1.2.3.4/32");
        assertThat(IngressRules.actual(out, SELF_ID)).as("round trip").containsExactlyInAnyOrderElementsOf(
                List.of(new IngressRules.Rule("-1", -1, -1, IngressRules.SELF),
                        new IngressRules.Rule("tcp", 443, 443, "::/0"), new IngressRules.Rule("udp", 53, 53, "sg-other"),
                        new IngressRules.Rule("tcp", 80, 81, "pl-1"), new IngressRules.Rule("tcp", 22, 22, "1.2.3.4/32")));
    }
}
