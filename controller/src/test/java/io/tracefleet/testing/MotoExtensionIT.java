package io.tracefleet.testing;

import io.tracefleet.aws.AwsClients;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracefleet.local.LocalAws;
import java.nio.file.Files;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** One moto for the whole JVM, emptied before each test. The order is the point of this class. */
@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoExtensionIT {

    private static LocalAws first;

    @Test
    @Order(1)
    void aTestLeavesStateBehind(LocalAws moto) {
        first = moto;
        try (AwsClients aws = TestAwsClients.of(moto.endpoint(), MotoExtension.REGION)) {
            aws.logs().createLogGroup(request -> request.logGroupName("/left/behind"));
            assertThat(aws.logs().describeLogGroups().logGroups()).hasSize(1);
        }
        assertThat(moto.isRunning()).isTrue();
        assertThat(moto.logFile().toString()).startsWith("target");
        assertThat(Files.exists(moto.logFile())).isTrue();
    }

    @Test
    @Order(2)
    void theNextTestGetsTheSameMotoEmptied(LocalAws moto) {
        assertThat(moto).isSameAs(first);
        try (AwsClients aws = TestAwsClients.of(moto.endpoint(), MotoExtension.REGION)) {
            assertThat(aws.logs().describeLogGroups().logGroups()).isEmpty();
            // The managed policies come back after a reset: the controller's roles attach them.
            assertThat(aws.iam().getPolicy(request -> request.policyArn(
                    "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess")).policy().policyName())
                    .isEqualTo("AWSXRayDaemonWriteAccess");
        }
    }
}
