package io.tracefleet.spec.model;

import io.tracefleet.spec.WireName;

public enum Protocol implements WireName {
    TCP, UDP
}
