package io.tracefleet.health;

import com.codahale.metrics.health.HealthCheck;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecsInForce;

import java.util.List;

/**
 * The specs directory could be read, and every spec file, as last read, is valid. An invalid one changes nothing in AWS (its last valid version stays in
 * force), so this is how the user learns that an edit is not being applied.
 */
public final class SpecsValidHealthCheck extends HealthCheck {
    private final SpecsInForce specs;

    public SpecsValidHealthCheck(SpecsInForce specs) {
        this.specs = specs;
    }

    @Override
    protected Result check() {
        if (specs.sourceProblem().isPresent()) {
            return Result.unhealthy(specs.sourceProblem().get().describe());
        }
        List<SpecError> errors = specs.lastLoad().errors();
        if (errors.isEmpty()) {
            return Result.healthy(specs.applications().size() + " application(s) in force");
        }
        return Result.unhealthy(errors.size() + " error(s); first: " + errors.get(0).format());
    }
}
