package io.tracefleet.spec.model;

import io.tracefleet.spec.model.WireName;

public enum Protocol implements WireName {
    TCP, UDP
}
