package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.DesiredStateText;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecLoader;
import io.tracefleet.spec.SpecSet;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code render <spec>... [--json]}: the resources each application needs, in dependency order. */
public final class RenderCommand extends TracefleetCommand {
    private final PrintStream out;

    public RenderCommand(PrintStream out) {
        super("render", "Print the AWS resources the specs describe, in dependency order");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("paths").nargs("+").metavar("PATH").help("spec files or directories");
        subparser.addArgument("--json").action(Arguments.storeTrue()).help("print JSON for machines");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
        List<Path> paths = namespace.<String>getList("paths").stream().map(Path::of).toList();
        SpecSet specs = new SpecLoader().load(paths);
        if (!specs.isValid()) {
            List<SpecError> errors = specs.errors();
            errors.forEach(error -> out.println(error.format()));
            throw new CommandFailure(1, errors.size() + " errors; fix them, then render again");
        }
        List<DesiredState> states = specs.validApplications().stream().map(DesiredStateBuilder::build).toList();
        if (namespace.getBoolean("json")) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(json.writeValueAsString(states));
        } else {
            out.print(String.join("\n", states.stream().map(DesiredStateText::render).toList()));
        }
    }
}
