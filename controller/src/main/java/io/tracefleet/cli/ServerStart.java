package io.tracefleet.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.setup.CommandFailure;
import io.tracefleet.setup.TracefleetConfiguration;
import net.sourceforge.argparse4j.inf.Namespace;

import java.net.BindException;
import java.util.Optional;

/**
 * Dropwizard's {@code server}, with a port already in use said in one line: what it is and what to do, instead of
 * the same stack trace logged and then printed again.
 */
public final class ServerStart extends ServerCommand<TracefleetConfiguration> {

    public ServerStart(Application<TracefleetConfiguration> application) {
        super(application);
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        try {
            super.run(bootstrap, namespace);
        } catch (Exception e) {
            Optional<String> address = boundAddress(e);
            if (address.isPresent()) {
                throw new CommandFailure(1, "cannot start: " + address.get() + " is already in use, perhaps by "
                        + "another Tracefleet controller (`tracefleet status` asks the one on 8080). Stop it, or "
                        + "choose other ports with TRACEFLEET_PORT and TRACEFLEET_ADMIN_PORT");
            }
            throw e;
        }
    }

    /** The address Jetty could not bind, from "Failed to bind to /127.0.0.1:8080" above a BindException. */
    static Optional<String> boundAddress(Throwable e) {
        boolean bind = false;
        String address = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            bind |= t instanceof BindException;
            String message = t.getMessage();
            if (address == null && message != null && message.contains("Failed to bind to ")) {
                address = message.substring(message.indexOf("Failed to bind to ") + "Failed to bind to ".length())
                        .replaceFirst("^/", "");
            }
        }
        return bind ? Optional.of(address == null ? "the port" : address) : Optional.empty();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!(e instanceof CommandFailure)) {
            super.onError(cli, namespace, e);
        }
    }
}
