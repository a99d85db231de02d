package io.tracefleet.health;

import com.codahale.metrics.health.HealthCheck;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsErrors;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * AWS answers with these credentials: the cheapest call there is, STS GetCallerIdentity, which needs no permission.
 * The call is bounded well below the SDK's defaults (a 90 s call with retries): a health probe that hangs is
 * killed by its orchestrator, and the health page also answers the other checks.
 */
public final class AwsReachableHealthCheck extends HealthCheck {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private final Supplier<AwsClients> clients;

    public AwsReachableHealthCheck(Supplier<AwsClients> clients) {
        this.clients = clients;
    }

    @Override
    protected Result check() {
        try {
            String account = clients.get().sts().getCallerIdentity(r -> r.overrideConfiguration(o ->
                    o.apiCallTimeout(CALL_TIMEOUT))).account();
            return Result.healthy("account " + account);
        } catch (RuntimeException e) {
            return Result.unhealthy("AWS does not answer: " + AwsErrors.describe(e));
        }
    }
}
