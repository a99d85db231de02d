package io.tracefleet;

import io.dropwizard.core.Application;
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
    }

    @Override
    public void run(TracefleetConfiguration configuration, Environment environment) {
    }
}
