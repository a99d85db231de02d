package io.tracefleet.spec.model;

import io.tracefleet.spec.model.Doc;
import io.tracefleet.spec.model.NameRule;
import io.tracefleet.spec.model.Named;
import io.tracefleet.spec.model.Range;
import io.tracefleet.spec.model.Required;

public record IngressRule(
        @Required @Range(min = 1, max = 65535) @Doc("Port to open.") Integer port,
        @Required @Named(NameRule.IPV4_CIDR) @Doc("Who may connect, as an IPv4 CIDR block.") String cidr,
        @Doc("tcp or udp. Default: tcp.") Protocol protocol) {
}
