package io.tracefleet.cli;

import io.tracefleet.setup.CommandFailure;
import io.dropwizard.core.setup.Bootstrap;
import io.tracefleet.spec.SpecError;
import io.tracefleet.spec.SpecLoader;
import io.tracefleet.spec.SpecSet;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code validate <file or directory>...}: every error of every file at once; exit 1 if there is any. */
public final class ValidateCommand extends TracefleetCommand {
    private final PrintStream out;

    public ValidateCommand(PrintStream out) {
        super("validate", "Check spec files and report every error with file, line, column and field");
        this.out = out;
    }

    @Override
    public void configure(Subparser subparser) {
        subparser.addArgument("paths").nargs("*").metavar("PATH")
                .help("spec files, or directories whose *.yaml and *.yml files are checked (default: specs)");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace namespace) {
        List<String> given = namespace.getList("paths");
        // As the controller's own default specsDir, so that the command the README gives first needs no argument.
        List<Path> paths = given == null || given.isEmpty() ? List.of(Path.of("specs"))
                : given.stream().map(Path::of).toList();
        if (given == null || given.isEmpty()) {
            if (!java.nio.file.Files.isDirectory(paths.get(0))) {
                throw new CommandFailure(1, "no PATH given and no specs directory here ("
                        + paths.get(0).toAbsolutePath() + "); name the spec files or directories to check");
            }
        }
        SpecSet specs = new SpecLoader().load(paths);
        List<SpecError> errors = specs.errors();
        errors.forEach(error -> out.println(error.format()));
        List<SpecError> warnings = specs.warnings();
        warnings.forEach(warning -> out.println(warningLine(warning)));
        if (!errors.isEmpty()) {
            throw new CommandFailure(1, count(errors.size(), "error") + " in " + count(specs.documents().size(),
                    "document") + "; nothing is applied from an invalid document");
        }
        long files = specs.documents().stream().map(d -> d.file()).distinct().count();
        out.println("ok: " + count(specs.documents().size(), "application") + " in " + count(files, "file")
                + (specs.documents().isEmpty() ? ": no spec found" : ", all valid")
                + (warnings.isEmpty() ? "" : " (" + count(warnings.size(), "warning") + ")"));
    }

    /** Where and what, as an error is shown, with "warning:" before the message: it does not stop an apply. */
    static String warningLine(SpecError warning) {
        return new SpecError(warning.file(), warning.line(), warning.column(), warning.field(),
                "warning: " + warning.message()).format();
    }

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
