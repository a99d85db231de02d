package io.tracefleet.resources;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.OwnershipTags;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.testing.TestKeys;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipTest {
    private static final Ownership SHOP = new Ownership(TestKeys.KEYS, "eu-west-1", "shop");

    private record View() {
    }

    private static DesiredResource desired(ResourceKind kind, String id, String name) {
        return new DesiredResource(kind, LogicalId.of(id), name, null, OwnershipTags.of("shop", LogicalId.of(id)),
                Set.of());
    }

    private static Observed<View> found(ResourceKind kind, String name, Map<String, String> tags) {
        return new Observed<>(kind, name, "arn:" + name, tags, Map.of(), new View());
    }

    @Test
    void whatTracefleetSendsProvesItselfAndTagsAloneOnlyClaim() {
        DesiredResource lb = desired(ResourceKind.LOAD_BALANCER, "web/load-balancer", "shop-web-alb");
        Map<String, String> sent = SHOP.tagsFor(lb);

        assertThat(sent).containsAllEntriesOf(lb.tags()).containsKey(OwnershipTags.PROOF);
        assertThat(SHOP.claimOf(found(ResourceKind.LOAD_BALANCER, "shop-web-alb", sent)))
                .isEqualTo(Ownership.Claim.PROVEN);
        assertThat(SHOP.claimOf(found(ResourceKind.LOAD_BALANCER, "shop-web-alb", lb.tags())))
                .isEqualTo(Ownership.Claim.UNPROVEN);
        assertThat(SHOP.claimOf(found(ResourceKind.LOAD_BALANCER, "shop-web-alb", Map.of())))
                .isEqualTo(Ownership.Claim.NONE);
        assertThat(new Ownership(TestKeys.KEYS, "eu-west-1", "billing")
                .claimOf(found(ResourceKind.LOAD_BALANCER, "shop-web-alb", sent))).isEqualTo(Ownership.Claim.NONE);
    }

    @Test
    void aProofCopiedOntoAnotherNameOrUnderAnotherLogicalIdProvesNothing() {
        Map<String, String> sent = SHOP.tagsFor(desired(ResourceKind.TARGET_GROUP, "web/target-group", "shop-web-tg"));

        assertThat(SHOP.claimOf(found(ResourceKind.TARGET_GROUP, "shop-api-tg", sent)))
                .isEqualTo(Ownership.Claim.UNPROVEN);
        Map<String, String> relabelled = new HashMap<>(sent);
        relabelled.put(OwnershipTags.RESOURCE, "api/target-group");
        assertThat(SHOP.claimOf(found(ResourceKind.TARGET_GROUP, "shop-web-tg", relabelled)))
                .isEqualTo(Ownership.Claim.UNPROVEN);
    }

    @Test
    void aRulesProofOutlivesAPriorityChange() {
        Map<String, String> sent = SHOP.tagsFor(desired(ResourceKind.LISTENER_RULE, "web/listener-rule",
                "shop-alb:80 priority 1000"));

        assertThat(SHOP.proves(ResourceKind.LISTENER_RULE, "shop-alb:80 priority 2000", sent)).isTrue();
        assertThat(SHOP.proves(ResourceKind.LISTENER_RULE, "other-alb:80 priority 1000", sent)).isFalse();
    }

    @Test
    void unreadTagsProveNothing() {
        Observed<View> unread = Observed.withoutTags(ResourceKind.LOG_GROUP, "/ecs/web", "arn", Map.of(), new View());
        assertThat(SHOP.proves(unread)).isFalse();
    }
}
