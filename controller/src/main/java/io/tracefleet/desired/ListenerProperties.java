package io.tracefleet.desired;

import java.util.List;

public record ListenerProperties(Ref loadBalancer, String protocol, int port, Ref defaultTargetGroup)
        implements ResourceProperties {

    @Override
    public List<String> describe() {
        return List.of(protocol + " " + port + " on " + loadBalancer, "default action: forward to "
                + defaultTargetGroup);
    }
}
