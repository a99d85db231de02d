package io.tracefleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.setup.CommandFailure;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code status [APP]}: what a running controller reports, as a table (its {@code GET /status} or
 * {@code /status/APP}); {@code --watch} prints it again every few seconds. Reads only: nothing in AWS is asked.
 */
public final class StatusCommand extends TracefleetCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrintStream out;

    public StatusCommand(PrintStream out) {
        super("status", "Show a running controller's applications: sync, health, drifted fields and why (from its "
                + "REST API)");
        this.out = out;
    }

    /** The controller's own address: its port as config.yml reads it, on loopback. */
    static String defaultUrl() {
        return System.getenv().getOrDefault("TRACEFLEET_URL", "http://127.0.0.1:"
                + System.getenv().getOrDefault("TRACEFLEET_PORT", "8080"));
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("application").metavar("APP").nargs("?")
                .help("one application, with its resources that need attention (default: every application)");
        subparser.addArgument("--url").setDefault(defaultUrl())
                .help("the controller's API: TRACEFLEET_URL if set, else http://127.0.0.1 on TRACEFLEET_PORT "
                        + "(8080 unless set), as config.yml binds it");
        subparser.addArgument("--token")
                .help("the API token, needed only when the controller protects reads (default: TRACEFLEET_API_TOKEN)");
        subparser.addArgument("-w", "--watch").action(Arguments.storeTrue())
                .help("print the status again every --interval seconds, until interrupted");
        subparser.addArgument("--interval").type(Integer.class).setDefault(2)
                .help("seconds between two prints with --watch");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws InterruptedException {
        String url = namespace.getString("url").replaceAll("/+$", "");
        String application = namespace.getString("application");
        String token = namespace.getString("token") != null ? namespace.getString("token")
                : System.getenv().getOrDefault("TRACEFLEET_API_TOKEN", "");
        URI uri;
        try {
            uri = URI.create(url + (application == null ? "/status"
                    : "/status/" + URLEncoder.encode(application, StandardCharsets.UTF_8).replace("+", "%20")));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(1, "--url is not a URL: " + e.getMessage());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        if (!Boolean.TRUE.equals(namespace.getBoolean("watch"))) {
            out.print(table(client, uri, token, url, application));
            return;
        }
        Duration interval = Duration.ofSeconds(Math.max(1, namespace.getInt("interval")));
        boolean terminal = System.console() != null;
        while (!Thread.currentThread().isInterrupted()) {
            String table;
            try {
                table = table(client, uri, token, url, application);
            } catch (CommandFailure e) {
                // A controller restarting is worth watching through, not a reason to stop.
                table = e.getMessage() + "\n";
            }
            // On a terminal the screen is redrawn, as watch(1) does; into a file or pipe each print is appended.
            out.print((terminal ? "\033[H\033[2J" : "\n") + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "  " + uri + "  (every " + interval.toSeconds() + " s)\n\n" + table);
            out.flush();
            Thread.sleep(interval.toMillis());
        }
    }

    private static String table(HttpClient client, URI uri, String token, String url, String application)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailure(1, "no controller is running at " + url + " (nothing answers there); start one "
                    + "with: java -jar controller/target/tracefleet.jar server controller/config.yml, or name "
                    + "another with --url");
        } catch (IOException e) {
            throw new CommandFailure(1, "the controller at " + url + " did not answer: " + e.getMessage());
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CommandFailure(1, url + " answered HTTP " + response.statusCode() + " with something other "
                    + "than a Tracefleet controller's JSON; is --url right?");
        }
        if (response.statusCode() != 200) {
            String message = body.path("message").asText("HTTP " + response.statusCode());
            throw new CommandFailure(1, response.statusCode() == 401 ? message + " (this controller protects reads: "
                    + "pass --token or set TRACEFLEET_API_TOKEN)" : message);
        }
        return application == null ? StatusTable.applications(body) : StatusTable.application(body);
    }
}
