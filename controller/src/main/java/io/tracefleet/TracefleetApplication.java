package io.tracefleet;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.tracefleet.cli.CommandFailure;
import io.tracefleet.cli.RenderCommand;
import io.tracefleet.cli.SchemaCommand;
import io.tracefleet.cli.ValidateCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/** Wires the controller by hand, top to bottom: no DI framework, so a reader can follow every object. */
public class TracefleetApplication extends Application<TracefleetConfiguration> {

    public static void main(String[] args) throws Exception {
        new TracefleetApplication().run(args);
    }

    @Override
    public String getName() {
        return "tracefleet";
    }

    @Override
    public void initialize(Bootstrap<TracefleetConfiguration> bootstrap) {
        bootstrap.addCommand(new ValidateCommand(System.out));
        bootstrap.addCommand(new RenderCommand(System.out));
        bootstrap.addCommand(new SchemaCommand(System.out));
    }

    /** A {@link CommandFailure} ends the process with its own exit code and message, without a stack trace. */
    @Override
    protected void onFatalError(Throwable t) {
        if (t instanceof CommandFailure failure) {
            System.err.println(failure.getMessage());
            System.exit(failure.exitCode());
        }
        super.onFatalError(t);
    }

    @Override
    public void run(TracefleetConfiguration configuration, Environment environment) {
    }
}
