package io.tracefleet;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The arrows of the core run one way: api, status and metrics use the reconciler, the reconciler uses the handlers,
 * the handlers use the diff, and the diff uses nothing of Tracefleet's. No package reaches back up, so each layer
 * can be changed and tested without the ones above it.
 */
class PackageDependenciesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tracefleet");

    @Test
    void noPackageCycles() {
        slices().matching("io.tracefleet.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theDiffIsALeaf() {
        noClasses().that().resideInAPackage("io.tracefleet.diff..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.tracefleet.diff..", "java..")
                .check(MAIN);
    }

    @Test
    void handlersKnowNothingOfTheReconcilerOrWhatReportsIt() {
        noClasses().that().resideInAPackage("io.tracefleet.resources..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tracefleet.reconcile..",
                        "io.tracefleet.status..", "io.tracefleet.api..", "io.tracefleet.metrics..")
                .check(MAIN);
    }

    @Test
    void theReconcilerKnowsNothingOfWhatReportsOrServesIt() {
        noClasses().that().resideInAPackage("io.tracefleet.reconcile..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tracefleet.status..", "io.tracefleet.api..",
                        "io.tracefleet.metrics..", "io.tracefleet.cli..")
                .check(MAIN);
    }

    @Test
    void onlyTheEntryPointUsesTheApplicationClass() {
        noClasses().that().resideOutsideOfPackage("io.tracefleet")
                .should().dependOnClassesThat().resideInAPackage("io.tracefleet")
                .check(MAIN);
    }
}
