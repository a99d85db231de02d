package io.tracefleet;

import io.dropwizard.core.Application;
import io.tracefleet.cli.CommandFailure;
import io.tracefleet.cli.RenderCommand;
import io.tracefleet.cli.SchemaCommand;
import io.tracefleet.cli.ValidateCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

import java.io.PrintStream;

/** Wires the controller by hand, top to bottom: no DI framework, so a reader can follow every object. */
public class TracefleetApplication extends Application<TracefleetConfiguration> {
    private final PrintStream out;

    public TracefleetApplication() {
        this(System.out);
    }

    /** {@code out} receives what commands print for the user (reports, renders); tests capture it. */
    public TracefleetApplication(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        new TracefleetApplication().run(args);
    }

    @Override
    public String getName() {
        return "tracefleet";
    }

    @Override
    public void initialize(Bootstrap<TracefleetConfiguration> bootstrap) {
        bootstrap.addCommand(new ValidateCommand(out));
        bootstrap.addCommand(new RenderCommand(out));
        bootstrap.addCommand(new SchemaCommand(out));
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
