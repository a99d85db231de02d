package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/** An IAM policy document in AWS's own JSON shape, so it serializes straight into IAM API calls. */
@JsonPropertyOrder({"Version", "Statement"})
public record PolicyDocument(
        @JsonProperty("Version") String version,
        @JsonProperty("Statement") List<Statement> statements) {

    public static final String VERSION = "2012-10-17";

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    public static PolicyDocument of(Statement... statements) {
        return new PolicyDocument(VERSION, List.of(statements));
    }

    /** Trust policy that lets a service principal, such as ecs-tasks.amazonaws.com, assume the role. */
    public static PolicyDocument trusting(String servicePrincipal) {
        return of(new Statement("Allow", Map.of("Service", List.of(servicePrincipal)), List.of("sts:AssumeRole"),
                null));
    }

    public static PolicyDocument allowing(List<String> actions, String resource) {
        return of(new Statement("Allow", null, actions, List.of(resource)));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"Effect", "Principal", "Action", "Resource"})
    public record Statement(
            @JsonProperty("Effect") String effect,
            @JsonProperty("Principal") Map<String, List<String>> principal,
            @JsonProperty("Action") List<String> actions,
            @JsonProperty("Resource") List<String> resources) {

        public Statement {
            principal = principal == null ? null : Map.copyOf(principal);
            actions = List.copyOf(actions);
            resources = resources == null ? null : List.copyOf(resources);
        }

        String describe() {
            String who = principal == null ? "" : " for " + principal.values().stream().flatMap(List::stream)
                    .toList();
            String what = resources == null ? "" : " on " + String.join(", ", resources);
            return effect.toLowerCase(java.util.Locale.ROOT) + " " + String.join(", ", actions) + what + who;
        }
    }

    String describe() {
        return String.join("; ", statements.stream().map(Statement::describe).toList());
    }
}
