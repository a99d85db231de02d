package io.tracefleet.leader;

import io.tracefleet.reconcile.WriteLease;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With shards, the fence asks for the lease of the application whose cycle makes the call. */
class ShardedWriteFenceTest {
    private final List<String> asked = new ArrayList<>();
    private final WriteFence fence = new WriteFence();

    ShardedWriteFenceTest() {
        WriteLease onlyShop = application -> {
            asked.add(String.valueOf(application));
            return "shop".equals(application);
        };
        fence.guardWith(onlyShop);
    }

    private static ExecutionAttributes write() {
        return ExecutionAttributes.builder().put(SdkExecutionAttribute.SERVICE_NAME, "Ecs")
                .put(SdkExecutionAttribute.OPERATION_NAME, "UpdateService").build();
    }

    /** WritingFor.during is the reconciler's; reached here the way its cycles reach it. */
    private static void during(String application, Runnable work) throws Exception {
        Method during = io.tracefleet.reconcile.WritingFor.class.getDeclaredMethod("during", String.class,
                java.util.function.Supplier.class);
        during.setAccessible(true);
        during.invoke(null, application, (java.util.function.Supplier<Object>) () -> {
            work.run();
            return null;
        });
    }

    @Test
    void aWriteInTheCycleOfAnApplicationOfAHeldShardPasses() throws Exception {
        during("shop", () -> assertThatCode(() -> fence.beforeExecution(null, write())).doesNotThrowAnyException());
        assertThat(asked).containsExactly("shop");
    }

    @Test
    void aWriteForAnotherControllersApplicationIsRefusedNamingIt() throws Exception {
        during("billing", () -> assertThatThrownBy(() -> fence.beforeExecution(null, write()))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("write lease of billing"));
    }

    @Test
    void aWriteOutsideAnyCycleAsksForNoApplication() {
        assertThatThrownBy(() -> fence.beforeExecution(null, write())).isInstanceOf(SdkClientException.class);
        assertThat(asked).containsExactly("null");
    }
}
