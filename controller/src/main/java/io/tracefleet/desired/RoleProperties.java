package io.tracefleet.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public record RoleProperties(
        PolicyDocument trustPolicy,
        List<String> managedPolicyArns,
        Map<String, PolicyDocument> inlinePolicies) implements ResourceProperties {

    public RoleProperties {
        managedPolicyArns = List.copyOf(managedPolicyArns);
        inlinePolicies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(inlinePolicies));
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("trust: " + trustPolicy.describe());
        managedPolicyArns.forEach(arn -> lines.add("managed policy: " + arn));
        inlinePolicies.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add("inline policy " + e.getKey() + ": " + e.getValue().describe()));
        return lines;
    }
}
