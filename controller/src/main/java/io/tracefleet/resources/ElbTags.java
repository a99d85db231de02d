package io.tracefleet.resources;

import io.tracefleet.aws.AwsErrorKind;
import io.tracefleet.aws.AwsErrors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** ELBv2 tags for load balancers, target groups and listeners alike: DescribeTags takes any of them. */
final class ElbTags {
    /** DescribeTags accepts at most this many ARNs per call. */
    static final int BATCH = 20;

    private ElbTags() {
    }

    static List<Tag> toSdk(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** The tags of one resource; empty when it is gone by the time its tags are asked for. */
    static Optional<Map<String, String>> of(ElasticLoadBalancingV2Client elb, String arn) {
        return Optional.ofNullable(ofAll(elb, List.of(arn)).get(arn));
    }

    /**
     * The tags of every resource that still exists, by ARN. One deleted in the meantime fails its whole batch
     * with a not-found error, so that batch is asked again one ARN at a time and the missing one left out.
     */
    static Map<String, Map<String, String>> ofAll(ElasticLoadBalancingV2Client elb, List<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (int i = 0; i < arns.size(); i += BATCH) {
            List<String> batch = arns.subList(i, Math.min(arns.size(), i + BATCH));
            try {
                tags.putAll(describe(elb, batch));
            } catch (RuntimeException e) {
                if (AwsErrors.classify(e) != AwsErrorKind.NOT_FOUND) {
                    throw e;
                }
                if (batch.size() > 1) {
                    batch.forEach(arn -> tags.putAll(ofAll(elb, List.of(arn))));
                }
            }
        }
        return tags;
    }

    static void add(ElasticLoadBalancingV2Client elb, String arn, Map<String, String> tags) {
        elb.addTags(r -> r.resourceArns(arn).tags(toSdk(tags)));
    }

    private static Map<String, Map<String, String>> describe(ElasticLoadBalancingV2Client elb, List<String> arns) {
        return elb.describeTags(r -> r.resourceArns(arns)).tagDescriptions().stream()
                .collect(Collectors.toMap(TagDescription::resourceArn, d -> d.tags().stream()
                        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b)), (a, b) -> b));
    }
}
