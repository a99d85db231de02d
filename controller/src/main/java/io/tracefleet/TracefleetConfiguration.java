package io.tracefleet;

import io.dropwizard.core.Configuration;

/** The controller's settings, read from {@code controller/config.yml} with env substitution. */
public class TracefleetConfiguration extends Configuration {
}
