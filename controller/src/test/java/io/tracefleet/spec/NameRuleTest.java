package io.tracefleet.spec;

import io.tracefleet.spec.model.NameRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NameRuleTest {
    @ParameterizedTest(name = "{0} ''{1}'' valid: {2}")
    @CsvSource({
            "LOAD_BALANCER_NAME, xray-fargate-b-alb, true",
            "LOAD_BALANCER_NAME, internal-b, false",
            "LOAD_BALANCER_NAME, -b, false",
            "LOAD_BALANCER_NAME, abcdefghijabcdefghijabcdefghijab, true",
            "LOAD_BALANCER_NAME, abcdefghijabcdefghijabcdefghijabc, false",
            "TARGET_GROUP_NAME, xray-fargate-b-tg, true",
            "TARGET_GROUP_NAME, b.tg, false",
            "LOG_GROUP_NAME, /ecs/service-b, true",
            "LOG_GROUP_NAME, /ecs/service b, false",
            "IAM_ROLE_NAME, xray-fargate-ecsTaskExecutionRole, true",
            "IAM_ROLE_NAME, role/with/slash, false",
            "SECURITY_GROUP_NAME, xray-fargate-sg, true",
            "SECURITY_GROUP_NAME, sg-12345, false",
            "ECR_REPOSITORY_NAME, team/service-b, true",
            "ECR_REPOSITORY_NAME, Team/service, false",
            "ENV_VAR_NAME, API_CNAME, true",
            "ENV_VAR_NAME, 9LIVES, false",
            "IPV4_CIDR, 10.0.0.0/16, true",
            "IPV4_CIDR, 256.0.0.0/8, false",
            "REGION, ap-northeast-1, true",
            "REGION, us-gov-west-1, true",
            "REGION, tokyo, false",
            "VPC, default, true",
            "VPC, vpc-0a1b2c3d4e5f60718, true",
            "VPC, vpc-xyz, false"})
    void followsAwsRules(NameRule rule, String name, boolean valid) {
        assertThat(rule.violation(name) == null).isEqualTo(valid);
    }
}
