package io.tracefleet.cli;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * A command whose description shows in {@code --help}'s list of commands, not only in its own help: Dropwizard's
 * command line lists names alone, and a list of bare names does not tell a newcomer which one to run.
 */
public final class Described extends Command {
    private final Command command;

    private Described(Command command, String description) {
        super(command.getName(), description);
        this.command = command;
    }

    public static Command of(Command command) {
        return new Described(command, command.getDescription());
    }

    /** For a command whose own description says too little (Dropwizard's "Runs the Dropwizard application …"). */
    public static Command of(Command command, String description) {
        return new Described(command, description);
    }

    @Override
    public void configure(Subparser subparser) {
        command.configure(subparser);
        subparser.help(getDescription());
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        command.run(bootstrap, namespace);
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        command.onError(cli, namespace, e);
    }
}
