package io.tracefleet.resources;

import software.amazon.awssdk.services.ecs.model.Tag;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** ECS's tags (clusters, services, task definitions) to and from the plain map the rest of Tracefleet uses. */
final class EcsTags {
    private EcsTags() {
    }

    static List<Tag> toSdk(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    static Map<String, String> toMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
