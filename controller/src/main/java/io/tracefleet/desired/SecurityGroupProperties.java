package io.tracefleet.desired;

import java.util.ArrayList;
import java.util.List;

public record SecurityGroupProperties(String description, Vpc vpc, List<Permission> ingress)
        implements ResourceProperties {

    public SecurityGroupProperties {
        ingress = List.copyOf(ingress);
    }

    /** One inbound rule: from a CIDR block, or from the group itself when {@code cidr} is null. */
    public record Permission(String protocol, int fromPort, int toPort, String cidr) {
        public static final String ALL_PROTOCOLS = "-1";

        public static Permission fromCidr(String protocol, int port, String cidr) {
            return new Permission(protocol, port, port, cidr);
        }

        public static Permission allTrafficFromSelf() {
            return new Permission(ALL_PROTOCOLS, -1, -1, null);
        }

        public boolean fromSelf() {
            return cidr == null;
        }

        @Override
        public String toString() {
            String what = ALL_PROTOCOLS.equals(protocol) ? "all traffic"
                    : protocol + " " + (fromPort == toPort ? fromPort : fromPort + "-" + toPort);
            return what + " from " + (fromSelf() ? "itself" : cidr);
        }
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("vpc: " + vpc);
        ingress.forEach(p -> lines.add("ingress: " + p));
        return lines;
    }
}
