package io.tracefleet.leader;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteFenceTest {
    private final AtomicBoolean held = new AtomicBoolean();
    private final WriteFence fence = new WriteFence();

    WriteFenceTest() {
        fence.guardWith(application -> held.get());
    }

    private static ExecutionAttributes call(String service, String operation) {
        return ExecutionAttributes.builder().put(SdkExecutionAttribute.SERVICE_NAME, service)
                .put(SdkExecutionAttribute.OPERATION_NAME, operation).build();
    }

    @Test
    void aWriteWithoutTheLeaseNeverLeavesTheProcess() {
        assertThatThrownBy(() -> fence.beforeExecution(null, call("Ecs", "UpdateService")))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("does not hold the write lease");
        assertThatThrownBy(() -> fence.beforeExecution(null, call("ElasticLoadBalancingV2", "DeleteLoadBalancer")))
                .isInstanceOf(SdkClientException.class);
    }

    @Test
    void readsAndTheLeasesOwnCallsPassWithoutIt() {
        assertThatCode(() -> fence.beforeExecution(null, call("Ecs", "DescribeServices"))).doesNotThrowAnyException();
        assertThatCode(() -> fence.beforeExecution(null, call("DynamoDb", "PutItem"))).doesNotThrowAnyException();
    }

    @Test
    void aWriteUnderTheLeasePasses() {
        held.set(true);
        assertThatCode(() -> fence.beforeExecution(null, call("Ecs", "UpdateService"))).doesNotThrowAnyException();
    }
}
