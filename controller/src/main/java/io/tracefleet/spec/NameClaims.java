package io.tracefleet.spec;

import io.tracefleet.spec.model.ApplicationSpec;
import io.tracefleet.spec.model.TracedApplication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The AWS names each document claims. Two claims on one name, in one document or across files, would make two
 * applications (or two resources) fight over one AWS resource, so both are reported before anything is applied.
 */
final class NameClaims {

    record Claim(String what, String key, String name, FieldPath path, SpecProblems owner) {
    }

    private final Map<String, Claim> first = new LinkedHashMap<>();

    void claimAll(TracedApplication document, SpecProblems problems) {
        for (Claim claim : claimsOf(document, problems)) {
            Claim earlier = first.putIfAbsent(claim.key(), claim);
            if (earlier == null) {
                continue;
            }
            SourcePosition earlierAt = earlier.owner().keyPositionOf(earlier.path());
            claim.owner().errorAtKey(claim.path(), "the " + claim.what() + " name '" + claim.name()
                    + "' is also claimed by " + earlier.owner().file() + ":" + earlierAt.line() + ":"
                    + earlierAt.column() + " (" + earlier.path() + ")");
            if (earlier.owner() != claim.owner()) {
                SourcePosition claimAt = claim.owner().keyPositionOf(claim.path());
                earlier.owner().errorAtKey(earlier.path(), "the " + claim.what() + " name '" + claim.name()
                        + "' is also claimed by " + claim.owner().file() + ":" + claimAt.line() + ":"
                        + claimAt.column() + " (" + claim.path() + ")");
            }
        }
    }

    private static List<Claim> claimsOf(TracedApplication document, SpecProblems problems) {
        List<Claim> claims = new ArrayList<>();
        if (document == null || document.metadata() == null || document.metadata().name() == null) {
            return claims;
        }
        String app = document.metadata().name();
        ApplicationSpec spec = document.spec();
        claims.add(claim("application", "global", app, FieldPath.ROOT.field("metadata").field("name"), problems));
        if (spec == null || spec.region() == null) {
            return claims;
        }
        String region = spec.region();
        FieldPath specPath = FieldPath.ROOT.field("spec");
        claims.add(claim("ECS cluster", region, SpecDefaults.cluster(app, spec), specPath.field("cluster"), problems));
        claims.add(claim("IAM role", "global", SpecDefaults.taskRoleName(app, spec.roles()),
                specPath.field("roles").field("taskRole"), problems));
        claims.add(claim("IAM role", "global", SpecDefaults.executionRoleName(app, spec.roles()),
                specPath.field("roles").field("executionRole"), problems));
        String vpc = spec.network() == null ? "?" : spec.network().vpc();
        claims.add(claim("security group", region + "/" + vpc, SpecDefaults.securityGroupName(app, spec.network()),
                specPath.field("network").field("securityGroupName"), problems));
        if (spec.loadBalancers() != null) {
            spec.loadBalancers().forEach((key, lb) -> {
                if (lb != null) {
                    claims.add(claim("load balancer", region, SpecDefaults.sharedLoadBalancerName(app, key, lb),
                            specPath.field("loadBalancers").field(key).field("name"), problems));
                }
            });
        }
        if (spec.services() == null) {
            return claims;
        }
        spec.services().forEach((name, service) -> {
            if (service == null) {
                return;
            }
            FieldPath path = specPath.field("services").field(name);
            claims.add(claim("task definition family", region, SpecDefaults.taskFamily(name, service),
                    path.field("taskFamily"), problems));
            claims.add(claim("log group", region, SpecDefaults.logGroup(name, service), path.field("logGroup"),
                    problems));
            if (service.ecrRepository() != null) {
                claims.add(claim("ECR repository", region, service.ecrRepository(), path.field("ecrRepository"),
                        problems));
            }
            if (service.loadBalancer() != null && service.loadBalancer().shared() == null) {
                claims.add(claim("load balancer", region,
                        SpecDefaults.loadBalancerName(app, name, service.loadBalancer()),
                        path.field("loadBalancer").field("name"), problems));
            }
            if (service.loadBalancer() != null) {
                claims.add(claim("target group", region,
                        SpecDefaults.targetGroupName(app, name, service.loadBalancer()),
                        path.field("loadBalancer").field("targetGroupName"), problems));
            }
        });
        return claims;
    }

    private static Claim claim(String what, String scope, String name, FieldPath path, SpecProblems problems) {
        return new Claim(what, what + "|" + scope + "|" + keyOf(what, name), name, path, problems);
    }

    // AWS treats IAM, load balancer and target group names as equal regardless of case.
    private static String keyOf(String what, String name) {
        return switch (what) {
            case "IAM role", "load balancer", "target group" -> name.toLowerCase(Locale.ROOT);
            default -> name;
        };
    }
}
