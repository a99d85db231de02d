package io.tracefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The controller's {@code /status} JSON as a table a person reads, in the manner of {@code kubectl get}: one row an
 * application (sync, health, what drifted, why), and for one application its resources that need attention.
 */
final class StatusTable {
    /** A reason longer than this is cut in the list of applications; {@code status APP} shows it whole. */
    static final int REASON_WIDTH = 90;

    private StatusTable() {
    }

    /** {@code GET /status}: every application this controller reports. */
    static String applications(JsonNode status) {
        JsonNode applications = status.path("applications");
        if (applications.isEmpty()) {
            return "no application observed yet" + lastPass(status.path("controller")) + "\n";
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("APPLICATION", "SYNC", "HEALTH", "DRIFTED", "REASON"));
        for (JsonNode application : applications) {
            rows.add(List.of(application.path("name").asText(), sync(application),
                    application.path("health").asText(), drifted(application),
                    cut(listReason(application), REASON_WIDTH)));
        }
        return render(rows);
    }

    /** {@code GET /status/APP}: the application, then each resource that is not in sync or not healthy. */
    static String application(JsonNode application) {
        StringBuilder out = new StringBuilder(render(List.of(
                List.of("APPLICATION", "SYNC", "HEALTH", "DRIFTED", "REASON"),
                List.of(application.path("name").asText(), sync(application), application.path("health").asText(),
                        drifted(application), reason(application)))));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("RESOURCE", "KIND", "SYNC", "HEALTH", "DRIFT", "MESSAGE"));
        for (JsonNode resource : application.path("resources")) {
            String sync = resource.path("sync").asText();
            String health = resource.path("health").asText();
            if (sync.equals("Synced") && health.equals("Healthy")) {
                continue;
            }
            String message = text(resource, "message");
            String healthReason = text(resource, "healthReason");
            rows.add(List.of(resource.path("id").asText(), resource.path("kind").asText(), sync, health,
                    drift(resource.path("drift")),
                    message.isEmpty() ? healthReason : healthReason.isEmpty() ? message
                            : message + "; " + healthReason));
        }
        int total = application.path("resources").size();
        out.append('\n');
        if (rows.size() == 1) {
            out.append("all ").append(total).append(" resources in sync and healthy\n");
        } else {
            out.append(render(rows)).append(rows.size() - 1).append(" of ").append(total)
                    .append(" resources need attention; the rest are in sync and healthy\n");
        }
        return out.toString();
    }

    private static String sync(JsonNode application) {
        return application.path("sync").asText() + (application.path("paused").asBoolean() ? " (paused)" : "");
    }

    /** The drifted fields as {@code resource field}, or "-": the drift a person acts on, not a count. */
    static String drifted(JsonNode application) {
        List<String> fields = new ArrayList<>();
        for (JsonNode resource : application.path("resources")) {
            for (JsonNode drift : resource.path("drift")) {
                fields.add(resource.path("id").asText() + " " + drift.path("path").asText());
            }
        }
        return fields.isEmpty() ? "-" : String.join(", ", fields);
    }

    private static String drift(JsonNode drifts) {
        List<String> fields = new ArrayList<>();
        drifts.forEach(d -> fields.add(d.path("path").asText() + ": " + d.path("actual").asText() + " -> "
                + d.path("desired").asText()));
        return fields.isEmpty() ? "-" : String.join(", ", fields);
    }

    /**
     * Why the application is not Synced and Healthy, most pressing first: an invalid spec file, an error, then the
     * first condition that is false; empty when all is well.
     */
    static String reason(JsonNode application) {
        String specProblem = text(application, "specProblem");
        if (!specProblem.isEmpty()) {
            return specProblem;
        }
        String lastError = text(application, "lastError");
        if (!lastError.isEmpty()) {
            return lastError;
        }
        for (JsonNode condition : application.path("conditions")) {
            if (!condition.path("status").asBoolean()) {
                return condition.path("type").asText() + ": " + condition.path("message").asText();
            }
        }
        return application.path("paused").asBoolean() ? "paused: observed, not healed" : "";
    }

    private static final Pattern SPEC_LOCATION = Pattern.compile(".+:\\d+:\\d+: .*", Pattern.DOTALL);

    /**
     * The reason as the list of applications shows it. An invalid spec's file, line and column come right after a
     * short lead: behind the API's whole sentence, the cut left only "specs/xray-demo.yaml:…", which is what a
     * person needs to act.
     */
    static String listReason(JsonNode application) {
        String specProblem = text(application, "specProblem");
        int colon = specProblem.indexOf(": ");
        if (colon < 0 || !SPEC_LOCATION.matcher(specProblem.substring(colon + 2)).matches()) {
            return reason(application);
        }
        return "invalid spec, last valid in force: " + specProblem.substring(colon + 2);
    }

    private static String lastPass(JsonNode controller) {
        JsonNode pass = controller.path("lastPass");
        return pass.isMissingNode() ? "; the first pass is under way"
                : "; last pass " + pass.path("completedAt").asText() + ": " + pass.path("outcome").asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    /** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
    static String render(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row.get(i).replace('\n', ' ');
                line.append(i < columns - 1 ? String.format("%-" + widths[i] + "s  ", cell) : cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
