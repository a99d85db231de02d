package io.tracefleet.reliability;

import io.tracefleet.testing.AwsProxy;
import io.tracefleet.testing.Fault;
import io.tracefleet.testing.FaultRule;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One row of the fault matrix: what the proxy does to AWS's answers from the controller's start, for how many
 * passes, and whether moto is wiped in the middle.
 *
 * @param inject        the faults, in force from before the controller starts
 * @param faultyPasses  passes (the controller's start-up pass included) that run with the faults in force; then
 *                      the rules and the lag are removed
 * @param resetMidRun   after those passes, faults still in force: converge, wipe moto ({@code POST /moto-api/reset})
 *                      and run {@code faultyPasses} more, so everything is recreated (under the faults, if any)
 * @param inDefaultRun  part of the reduced set {@code mvn verify} runs (else only with {@code -Dtracefleet.full})
 */
record FaultScenario(String name, Consumer<AwsProxy> inject, int faultyPasses, boolean resetMidRun,
                     boolean inDefaultRun) {

    /** The services the controller calls (STS only for the health check, which these passes do not ask). */
    static final List<String> SERVICES = List.of("ecs", "elasticloadbalancing", "iam", "ec2", "logs", "ecr");

    static List<FaultScenario> all() {
        return List.of(
                new FaultScenario("throttling 30 %", FaultScenario::throttling, 3, false, false),
                new FaultScenario("5xx 10 %", FaultScenario::serverErrors, 3, false, false),
                new FaultScenario("latency 2 s on 3 %", proxy -> proxy.inject(FaultRule.on("*", "*",
                        Fault.latency(Duration.ofSeconds(2))).withProbability(0.03)), 2, false, false),
                new FaultScenario("dropped connections 10 %", proxy -> SERVICES.forEach(service -> proxy.inject(
                        FaultRule.on(service, "*", Fault.connectionReset()).withProbability(0.1))), 3, false, false),
                new FaultScenario("answers lost 10 % (AWS acted)", proxy -> SERVICES.forEach(service -> proxy.inject(
                        FaultRule.on(service, "*", Fault.answerLost()).withProbability(0.1))), 3, false, false),
                new FaultScenario("read-after-write lag 5 s", proxy -> proxy.lag().window(Duration.ofSeconds(5)), 3,
                        false, false),
                new FaultScenario("ELBv2 down (503) for 2 passes", proxy -> proxy.inject(FaultRule.on(
                        "elasticloadbalancing", "*", Fault.serverError(503))), 2, false, true),
                new FaultScenario("IAM 503 for its next 40 calls", proxy -> proxy.inject(FaultRule.on("iam", "*",
                        Fault.serverError(503)).times(40)), 4, false, false),
                new FaultScenario("moto reset mid-run", proxy -> { }, 0, true, true),
                new FaultScenario("throttling + 5xx + lag 4 s", proxy -> {
                    throttling(proxy);
                    serverErrors(proxy);
                    proxy.lag().window(Duration.ofSeconds(4));
                }, 3, false, true),
                new FaultScenario("everything at once, then reset", proxy -> {
                    throttling(proxy);
                    serverErrors(proxy);
                    SERVICES.forEach(service -> proxy.inject(FaultRule.on(service, "*", Fault.connectionReset())
                            .withProbability(0.05)));
                    proxy.inject(FaultRule.on("*", "*", Fault.latency(Duration.ofSeconds(2))).withProbability(0.02));
                    proxy.lag().window(Duration.ofSeconds(4));
                }, 3, true, false));
    }

    private static void throttling(AwsProxy proxy) {
        SERVICES.forEach(service -> proxy.inject(FaultRule.on(service, "*", Fault.throttling()).withProbability(0.3)));
    }

    private static void serverErrors(AwsProxy proxy) {
        SERVICES.forEach(service -> proxy.inject(FaultRule.on(service, "*", Fault.serverError(service.equals("ec2")
                ? 503 : 500)).withProbability(0.1)));
    }

    @Override
    public String toString() {
        return name;
    }
}
