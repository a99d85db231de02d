package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code confirm APP}: confirms, on a running controller, the deletions its guard holds for one application (what
 * {@code GET /status/APP} lists as PendingDeletion), through {@code POST /apps/APP/deletions/confirm}. The token
 * comes from {@code --token} or {@code TRACEFLEET_API_TOKEN}, as the controller reads it.
 */
public final class ConfirmCommand extends TracefleetCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final PrintStream out;

    public ConfirmCommand(PrintStream out) {
        super("confirm", "Confirm the deletions a running controller holds for an application");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("application").metavar("APP").help("the application whose held deletions to make");
        subparser.addArgument("--url").setDefault("http://127.0.0.1:8080")
                .help("the controller's API (default http://127.0.0.1:8080)");
        subparser.addArgument("--token").help("the API token (default: TRACEFLEET_API_TOKEN)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws InterruptedException {
        String application = namespace.getString("application");
        String token = namespace.getString("token") != null ? namespace.getString("token")
                : System.getenv().getOrDefault("TRACEFLEET_API_TOKEN", "");
        URI uri;
        try {
            uri = URI.create(namespace.getString("url").replaceAll("/+$", "") + "/apps/"
                    + java.net.URLEncoder.encode(application, java.nio.charset.StandardCharsets.UTF_8)
                    + "/deletions/confirm");
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(1, "--url is not a URL: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CommandFailure(1, "the controller at " + namespace.getString("url") + " does not answer: " + e);
        }
        out.println(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new CommandFailure(1, "not confirmed (HTTP " + response.statusCode() + ")");
        }
    }
}
