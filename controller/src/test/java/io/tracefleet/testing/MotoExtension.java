package io.tracefleet.testing;

import io.tracefleet.local.LocalAws;
import io.tracefleet.local.LocalAwsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.regions.Region;

/**
 * One moto per test JVM, started on first use, with its state wiped before every test.
 * Tests receive it as a {@link LocalAws} parameter:
 *
 * <pre>{@code
 * @ExtendWith(MotoExtension.class)
 * class SomethingIT {
 *     @Test
 *     void works(LocalAws moto) {
 *         try (AwsProxy proxy = AwsProxy.start(moto.endpoint());
 *              AwsClients aws = TestAwsClients.of(proxy.endpoint(), MotoExtension.REGION)) { ... }
 *     }
 * }
 * }</pre>
 *
 * moto's log goes to {@code target/moto/moto-PID.log} of the module under test. A suite that needs a moto
 * of its own (other settings, or no shared state) starts one with {@link LocalAws#start}.
 */
public final class MotoExtension implements BeforeEachCallback, ParameterResolver {

    public static final Region REGION = Region.US_EAST_1;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        shared(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    // The root store lives as long as the test run and closes AutoCloseable values at its end.
    private static LocalAws shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalAws.class,
                key -> LocalAws.start(LocalAwsSettings.defaults(REGION.id(),
                        Path.of("target", "moto", "moto-" + ProcessHandle.current().pid() + ".log"))),
                LocalAws.class);
    }
}
