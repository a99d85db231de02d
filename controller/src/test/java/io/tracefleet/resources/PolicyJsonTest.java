package io.tracefleet.resources;

import io.tracefleet.desired.PolicyDocument;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.Role;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyJsonTest {
    private static final PolicyDocument XRAY = PolicyDocument.allowing(
            List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "*");

    @Test
    void aUrlEncodedAnswerWithCollapsedArraysAndAnotherOrderIsTheSameDocument() {
        String asIamReturnsIt = "{\"Statement\":{\"Resource\":\"*\",\"Action\":[\"xray:PutTelemetryRecords\","
                + "\"xray:PutTraceSegments\"],\"Effect\":\"Allow\"},\"Version\":\"2012-10-17\"}";

        String encoded = URLEncoder.encode(asIamReturnsIt, StandardCharsets.UTF_8).replace("+", "%20");

        assertThat(PolicyJson.canonical(encoded)).isEqualTo(PolicyJson.canonical(XRAY));
        assertThat(PolicyJson.canonical(asIamReturnsIt)).isEqualTo(PolicyJson.canonical(XRAY));
    }

    @Test
    void principalsAndStatementsCompareAsSets() {
        String one = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "[\"b.amazonaws.com\",\"a.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"},{\"Effect\":\"Deny\","
                + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        String other = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"s3:*\"],"
                + "\"Resource\":[\"*\"]},{\"Action\":[\"sts:AssumeRole\"],\"Principal\":{\"Service\":"
                + "[\"a.amazonaws.com\",\"b.amazonaws.com\"]},\"Effect\":\"Allow\"}]}";

        assertThat(PolicyJson.canonical(one)).isEqualTo(PolicyJson.canonical(other));
    }

    @Test
    void conditionValuesMayBeOneStringOrAList() {
        String one = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"StringEquals\":{\"aws:SourceAccount\":\"123\"}}}]}";
        String other = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"StringEquals\":{\"aws:SourceAccount\":[\"123\"]}}}]}";

        assertThat(PolicyJson.canonical(one)).isEqualTo(PolicyJson.canonical(other));
    }

    @Test
    void aChangeOfMeaningIsADifferentDocument() {
        PolicyDocument fewer = PolicyDocument.allowing(List.of("xray:PutTraceSegments"), "*");
        PolicyDocument elsewhere = PolicyDocument.allowing(
                List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), "arn:aws:s3:::bucket");

        assertThat(PolicyJson.canonical(fewer)).isNotEqualTo(PolicyJson.canonical(XRAY));
        assertThat(PolicyJson.canonical(elsewhere)).isNotEqualTo(PolicyJson.canonical(XRAY));
        assertThat(PolicyJson.canonical(PolicyDocument.trusting("ecs-tasks.amazonaws.com")))
                .isNotEqualTo(PolicyJson.canonical(PolicyDocument.trusting("lambda.amazonaws.com")));
    }

    @Test
    void rawJsonIsNotUrlDecoded() {
        String withPlus = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::a+b/%41\"}]}";

        assertThat(PolicyJson.canonical(withPlus)).contains("arn:aws:s3:::a+b/%41");
    }

    @Test
    void theDesiredDocumentIsWrittenInIamsShape() {
        assertThat(PolicyJson.toJson(PolicyDocument.trusting("ecs-tasks.amazonaws.com"))).isEqualTo(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "[\"ecs-tasks.amazonaws.com\"]},\"Action\":[\"sts:AssumeRole\"]}]}");
    }

    @Test
    void onlyARoleEcsTasksMayAssumeCouldBeTracefleetsAndOneWithoutAReadableTrustPolicyCould() {
        String ecsTasks = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":[\"ecs-tasks.amazonaws.com\",\"ec2.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}";
        String lambda = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";
        String lookalike = lambda.replace("lambda.amazonaws.com", "not-ecs-tasks.amazonaws.com");

        assertThat(IamRoleHandler.mayBeTracefleets(role(URLEncoder.encode(ecsTasks, StandardCharsets.UTF_8)
                .replace("+", "%20")))).as("URL-encoded, as ListRoles answers on AWS").isTrue();
        assertThat(IamRoleHandler.mayBeTracefleets(role(ecsTasks))).isTrue();
        assertThat(IamRoleHandler.mayBeTracefleets(role(lambda))).isFalse();
        assertThat(IamRoleHandler.mayBeTracefleets(role(lookalike))).isFalse();
        assertThat(IamRoleHandler.mayBeTracefleets(role(null))).isTrue();
        assertThat(IamRoleHandler.mayBeTracefleets(role("%7Bnot json"))).isTrue();
    }

    private static Role role(String trustPolicy) {
        return Role.builder().roleName("r").assumeRolePolicyDocument(trustPolicy).build();
    }

    @Test
    void somethingThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> PolicyJson.canonical("%7Bnot json")).isInstanceOf(IllegalArgumentException.class);
    }
}
