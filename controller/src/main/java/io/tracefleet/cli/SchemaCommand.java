package io.tracefleet.cli;

import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.spec.SchemaGenerator;
import net.sourceforge.argparse4j.inf.Namespace;

import java.io.PrintStream;

/** {@code schema}: the JSON Schema of the spec format, as committed in {@code specs/tracefleet.schema.json}. */
public final class SchemaCommand extends TracefleetCommand {
    private final PrintStream out;

    public SchemaCommand(PrintStream out) {
        super("schema", "Print the JSON Schema of the spec format (for editors)");
        this.out = out;
    }

    @Override
    public void configure(net.sourceforge.argparse4j.inf.Subparser subparser) {
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        out.print(SchemaGenerator.generate());
    }
}
