package io.tracefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The status table from JSON shaped as the API serves it (see StatusApiE2E for the real answers). */
class StatusTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String SHOP = """
            {'name': 'shop', 'sync': 'OutOfSync', 'health': 'Progressing', 'paused': true,
             'conditions': [{'type': 'Synced', 'status': false, 'message': '1 of 3 resources do not match the spec'},
                            {'type': 'Healthy', 'status': false, 'message': '1 of 3 resources are not healthy'}],
             'resources': [
               {'id': 'cluster', 'kind': 'ecs-cluster', 'sync': 'Synced', 'health': 'Healthy', 'drift': []},
               {'id': 'web/service', 'kind': 'ecs-service', 'sync': 'OutOfSync', 'health': 'Progressing',
                'healthReason': '0 of 1 tasks running', 'message': 'drifted',
                'drift': [{'path': 'desiredCount', 'desired': '1', 'actual': '3'}]},
               {'id': 'web/target-group', 'kind': 'target-group', 'sync': 'Synced', 'health': 'Healthy'}]}
            """;
    private static final String BLOG = """
            {'name': 'blog', 'sync': 'Unknown', 'health': 'Healthy', 'paused': false,
             'specProblem': 'its spec file is invalid, so its last valid version stays in force: specs/blog.yaml:7:5: spec.services[0].cpus: unknown field',
             'conditions': [{'type': 'Synced', 'status': false, 'message': 'the spec file is invalid'}],
             'resources': [{'id': 'cluster', 'kind': 'ecs-cluster', 'sync': 'Synced', 'health': 'Healthy'}]}
            """;

    @Test
    void oneRowAnApplicationWithItsDriftedFieldsAndWhyInAlignedColumns() throws Exception {
        String table = StatusTable.applications(json("{'controller': {}, 'applications': [" + SHOP + "," + BLOG
                + "]}"));

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().toList().get(0)).matches("APPLICATION +SYNC +HEALTH +DRIFTED +REASON");
        assertThat(table).contains("shop         OutOfSync (paused)  Progressing  web/service desiredCount  "
                + "Synced: 1 of 3 resources do not match the spec\n");
        assertThat(table.lines().toList().get(2)).startsWith("blog         Unknown ")
                .contains(" Healthy      -   ").endsWith("…")
                .hasSize(13 + 20 + 13 + 26 + StatusTable.REASON_WIDTH);
        // Cut to the column, an invalid spec's reason still names file, line and column.
        assertThat(table.lines().toList().get(2).substring(72))
                .startsWith("invalid spec, last valid in force: specs/blog.yaml:7:5: spec.services[0].cpus");
        // Every column starts where its header does.
        int reasonAt = table.lines().toList().get(0).indexOf("REASON");
        table.lines().skip(1).forEach(line -> assertThat(line.charAt(reasonAt - 1)).isEqualTo(' '));
    }

    @Test
    void oneApplicationListsOnlyTheResourcesThatNeedAttention() throws Exception {
        String table = StatusTable.application(json(SHOP));

        assertThat(table).contains("RESOURCE     KIND         SYNC       HEALTH       DRIFT" + " ".repeat(17)
                + "MESSAGE\n"
                + "web/service  ecs-service  OutOfSync  Progressing  desiredCount: 3 -> 1  drifted; 0 of 1 tasks "
                + "running\n")
                .contains("1 of 3 resources need attention")
                .doesNotContain("web/target-group").doesNotContain("cluster ");
    }

    @Test
    void anInvalidSpecIsTheReasonShownWholeForOneApplication() throws Exception {
        String table = StatusTable.application(json(BLOG));

        assertThat(table).contains("specs/blog.yaml:7:5: spec.services[0].cpus: unknown field")
                .contains("all 1 resources in sync and healthy");
    }

    @Test
    void noApplicationYetSaysSoWithTheLastPass() throws Exception {
        assertThat(StatusTable.applications(json("{'controller': {}, 'applications': []}")))
                .isEqualTo("no application observed yet; the first pass is under way\n");
        assertThat(StatusTable.applications(json("{'controller': {'lastPass': {'completedAt': "
                + "'2026-12-03T10:00:00Z', 'outcome': 'Synced'}}, 'applications': []}")))
                .isEqualTo("no application observed yet; last pass 2026-12-03T10:00:00Z: Synced\n");
    }
}
