package io.tracefleet.resources;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevisionStoreTest {
    private static final String TOKYO = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/";
    private static final String IRELAND = "arn:aws:ecs:eu-west-1:123456789012:task-definition/";

    private static RevisionStore.Revision revision(String arn, String image) {
        return new RevisionStore.Revision(arn, TaskDefinitions.familyOf(arn), new TaskDefinitionHandler.View(256,
                512, "awsvpc", Set.of("FARGATE"), "", "", Map.of("app", new TaskDefinitionHandler.Container(image,
                true, 0, null, Set.of(), Map.of(), Map.of(), java.util.List.of(), null))));
    }

    @Test
    void givesBackWhatWasKeptUnderTheRevisionsFullArn() {
        RevisionStore store = new RevisionStore(10);
        store.put(revision(TOKYO + "api:1", "api:v1"));
        store.put(revision(TOKYO + "api:2", "api:v2"));

        assertThat(store.get(TOKYO + "api:2")).hasValueSatisfying(r ->
                assertThat(r.view().containers().get("app").image()).isEqualTo("api:v2"));
        assertThat(store.get(TOKYO + "api:3")).as("a revision never read").isEmpty();
        assertThat(store.get(IRELAND + "api:2")).as("the same family and revision in another region").isEmpty();
    }

    @Test
    void evictsTheLeastRecentlyUsedRevisionBeyondItsCapacity() {
        RevisionStore store = new RevisionStore(2);
        store.put(revision(TOKYO + "api:1", "a"));
        store.put(revision(TOKYO + "web:1", "w"));
        // Each pass touches the revisions it compares; api:1 is still in use, web:1 is not.
        assertThat(store.get(TOKYO + "api:1")).isPresent();

        store.put(revision(TOKYO + "api:2", "a2"));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get(TOKYO + "web:1")).isEmpty();
        assertThat(store.get(TOKYO + "api:1")).isPresent();
        assertThat(store.get(TOKYO + "api:2")).isPresent();
    }

    @Test
    void forgetsADeregisteredRevision() {
        RevisionStore store = new RevisionStore(10);
        store.put(revision(TOKYO + "api:1", "a"));

        store.forget(TOKYO + "api:1");

        assertThat(store.get(TOKYO + "api:1")).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void keysOnlyByTheArnOfOneRevisionNeverByAFamily() {
        RevisionStore store = new RevisionStore(10);

        for (String notOneRevision : new String[]{TOKYO + "api", "api:1", TOKYO + "api:latest"}) {
            assertThatThrownBy(() -> store.put(revision(notOneRevision, "a"))).as(notOneRevision)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.size()).isZero();
        assertThatThrownBy(() -> new RevisionStore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
