package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Required;

public record Metadata(
        @Required @Named(NameRule.APPLICATION_NAME)
        @Doc("The application's name: unique among all specs, the prefix of derived AWS names, and the value of "
                + "the tracefleet.io/application tag on everything Tracefleet creates for it.")
        String name) {
}
