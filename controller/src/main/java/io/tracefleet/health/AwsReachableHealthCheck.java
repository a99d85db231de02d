package io.tracefleet.health;

import com.codahale.metrics.health.HealthCheck;
import io.tracefleet.aws.AwsClients;
import io.tracefleet.aws.AwsErrors;

import java.util.function.Supplier;

/** AWS answers with these credentials: the cheapest call there is, STS GetCallerIdentity, which needs no permission. */
public final class AwsReachableHealthCheck extends HealthCheck {
    private final Supplier<AwsClients> clients;

    public AwsReachableHealthCheck(Supplier<AwsClients> clients) {
        this.clients = clients;
    }

    @Override
    protected Result check() {
        try {
            String account = clients.get().sts().getCallerIdentity().account();
            return Result.healthy("account " + account);
        } catch (RuntimeException e) {
            return Result.unhealthy("AWS does not answer: " + AwsErrors.describe(e));
        }
    }
}
