package io.tracefleet.testing;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * Which calls get a {@link Fault}: a service (signing name, or {@code *}), an operation glob
 * ({@code Describe*}, {@code *}), how many matching calls at most, and with which probability each.
 *
 * <pre>{@code
 * proxy.inject(FaultRule.on("ecs", "DescribeServices", Fault.throttling()).times(2));
 * proxy.inject(FaultRule.on("*", "*", Fault.latency(Duration.ofMillis(50))).withProbability(0.2));
 * }</pre>
 */
public record FaultRule(String service, String operationGlob, Fault fault, int times, double probability) {

    public static final int UNLIMITED = Integer.MAX_VALUE;

    public FaultRule {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operationGlob, "operationGlob");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        if (probability <= 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in (0, 1]");
        }
    }

    /** Every matching call, forever, until removed. */
    public static FaultRule on(String service, String operationGlob, Fault fault) {
        return new FaultRule(service, operationGlob, fault, UNLIMITED, 1.0);
    }

    /** Only the next {@code count} matching calls (the ones the dice pick, with a probability below 1). */
    public FaultRule times(int count) {
        return new FaultRule(service, operationGlob, fault, count, probability);
    }

    public FaultRule withProbability(double chance) {
        return new FaultRule(service, operationGlob, fault, times, chance);
    }

    boolean matches(String callService, String callOperation) {
        return (service.equals("*") || service.equals(callService))
                && globToRegex(operationGlob).matcher(callOperation).matches();
    }

    private static Pattern globToRegex(String glob) {
        return Pattern.compile(Arrays.stream(glob.split("\\*", -1))
                .map(Pattern::quote)
                .collect(Collectors.joining(".*")));
    }
}
