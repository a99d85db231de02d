package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import net.sourceforge.argparse4j.inf.Namespace;

/** A command whose expected failures reach the user as one message, never as a stack trace. */
abstract class TracefleetCommand extends Command {

    protected TracefleetCommand(String name, String description) {
        super(name, description);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (!(e instanceof CommandFailure)) {
            super.onError(cli, namespace, e);
        }
    }
}
