package io.tracefleet.ownership;

import io.tracefleet.desired.LogicalId;
import io.tracefleet.desired.ResourceKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnershipKeysTest {
    private static final String OLD = "k1:" + "a".repeat(32);
    private static final String NEW = "k2:" + "b".repeat(40);
    private static final ProofSubject SUBJECT = new ProofSubject("eu-west-1", ResourceKind.LOAD_BALANCER,
            "orders-lb", "orders", LogicalId.of("orders/lb"));

    @Test
    void aProofMadeByTheRingVerifiesForItsSubject() {
        OwnershipKeys keys = OwnershipKeys.parse(OLD);
        String proof = keys.sign(SUBJECT);
        assertThat(proof).startsWith("k1.").hasSizeLessThanOrEqualTo(256).matches("[A-Za-z0-9._-]+");
        assertThat(keys.verifies(SUBJECT, proof)).isTrue();
    }

    @Test
    void theFirstKeySignsAndEveryKeyVerifies() {
        OwnershipKeys before = OwnershipKeys.parse(OLD);
        OwnershipKeys rotated = OwnershipKeys.parse(NEW + "," + OLD);
        String oldProof = before.sign(SUBJECT);
        assertThat(rotated.verifies(SUBJECT, oldProof)).isTrue();
        assertThat(rotated.sign(SUBJECT)).startsWith("k2.");
        assertThat(before.verifies(SUBJECT, rotated.sign(SUBJECT))).isFalse();
        assertThat(OwnershipKeys.parse(NEW).verifies(SUBJECT, oldProof)).isFalse();
    }

    @Test
    void aProofForAnotherKeyOrSubjectIsRefused() {
        OwnershipKeys keys = OwnershipKeys.parse(OLD);
        String proof = keys.sign(SUBJECT);
        assertThat(OwnershipKeys.parse("k1:" + "c".repeat(32)).verifies(SUBJECT, proof)).as("same id, other secret")
                .isFalse();
        assertThat(keys.verifies(new ProofSubject("us-east-1", SUBJECT.kind(), SUBJECT.name(), SUBJECT.application(),
                SUBJECT.logicalId()), proof)).as("region").isFalse();
        assertThat(keys.verifies(new ProofSubject(SUBJECT.region(), ResourceKind.TARGET_GROUP, SUBJECT.name(),
                SUBJECT.application(), SUBJECT.logicalId()), proof)).as("kind").isFalse();
        assertThat(keys.verifies(new ProofSubject(SUBJECT.region(), SUBJECT.kind(), "orders-lb2",
                SUBJECT.application(), SUBJECT.logicalId()), proof)).as("name").isFalse();
        assertThat(keys.verifies(new ProofSubject(SUBJECT.region(), SUBJECT.kind(), SUBJECT.name(), "billing",
                SUBJECT.logicalId()), proof)).as("application").isFalse();
        assertThat(keys.verifies(new ProofSubject(SUBJECT.region(), SUBJECT.kind(), SUBJECT.name(),
                SUBJECT.application(), LogicalId.of("orders/other")), proof)).as("logical id").isFalse();
    }

    @Test
    void garbageIsNoProof() {
        OwnershipKeys keys = OwnershipKeys.parse(OLD);
        String proof = keys.sign(SUBJECT);
        assertThat(keys.verifies(SUBJECT, null)).isFalse();
        assertThat(keys.verifies(SUBJECT, "")).isFalse();
        assertThat(keys.verifies(SUBJECT, "k1")).isFalse();
        assertThat(keys.verifies(SUBJECT, "k1.")).isFalse();
        assertThat(keys.verifies(SUBJECT, ".abc")).isFalse();
        assertThat(keys.verifies(SUBJECT, "k9" + proof.substring(2))).isFalse();
        assertThat(keys.verifies(SUBJECT, proof + "A")).isFalse();
        assertThat(keys.verifies(SUBJECT, proof.substring(0, proof.length() - 1))).isFalse();
        assertThat(keys.verifies(SUBJECT, "tracefleet")).isFalse();
    }

    @Test
    void aFieldCannotSlideIntoItsNeighbour() {
        OwnershipKeys keys = OwnershipKeys.parse(OLD);
        ProofSubject a = new ProofSubject("r", ResourceKind.ECS_CLUSTER, "ab", "c", LogicalId.of("d"));
        ProofSubject b = new ProofSubject("r", ResourceKind.ECS_CLUSTER, "a", "bc", LogicalId.of("d"));
        assertThat(keys.verifies(b, keys.sign(a))).isFalse();
    }

    @Test
    void badKeysAreRefusedWithTheVariableNamed() {
        assertThatThrownBy(() -> OwnershipKeys.parse("")).hasMessageContaining(OwnershipKeys.VARIABLE);
        assertThatThrownBy(() -> OwnershipKeys.parse("k1:short")).hasMessageContaining("too short")
                .hasMessageContaining(OwnershipKeys.VARIABLE);
        assertThatThrownBy(() -> OwnershipKeys.parse("a".repeat(40))).hasMessageContaining("id:secret");
        assertThatThrownBy(() -> OwnershipKeys.parse("bad id:" + "a".repeat(32))).hasMessageContaining("id");
        assertThatThrownBy(() -> OwnershipKeys.parse(OLD + "," + OLD)).hasMessageContaining("twice");
    }

    @Test
    void secretsNeverShowInText() {
        assertThat(OwnershipKeys.parse(NEW + "," + OLD).toString()).doesNotContain("aaaa").doesNotContain("bbbb")
                .contains("k2", "k1");
    }

    @Test
    void generatedKeysDiffer() {
        assertThat(OwnershipKeys.generated().sign(SUBJECT)).isNotEqualTo(OwnershipKeys.generated().sign(SUBJECT));
    }
}
