package io.tracefleet.spec.model;

/** An enum whose constants are written in specs in kebab case ({@code XRAY_DAEMON} is {@code xray-daemon}). */
public interface WireName {
    String name();

    default String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
