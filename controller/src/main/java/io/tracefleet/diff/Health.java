package io.tracefleet.diff;

/**
 * Whether a resource is actually working, separate from whether it matches its spec (sync): a service can match
 * its spec and still be crash-looping.
 */
public enum Health {
    HEALTHY, PROGRESSING, DEGRADED, MISSING, UNKNOWN
}
