package io.tracefleet.desired;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A listener whose default action either forwards to one target group (a service's own load balancer) or answers
 * with a fixed status (a shared load balancer, where only its rules lead to services).
 */
public record ListenerProperties(Ref loadBalancer, String protocol, int port,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Ref defaultTargetGroup,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Integer fixedResponseStatus)
        implements ResourceProperties {

    public ListenerProperties {
        if ((defaultTargetGroup == null) == (fixedResponseStatus == null)) {
            throw new IllegalArgumentException("a listener's default action is a forward or a fixed response");
        }
    }

    public ListenerProperties(Ref loadBalancer, String protocol, int port, Ref defaultTargetGroup) {
        this(loadBalancer, protocol, port, defaultTargetGroup, null);
    }

    public static ListenerProperties answering(Ref loadBalancer, String protocol, int port, int status) {
        return new ListenerProperties(loadBalancer, protocol, port, null, status);
    }

    @Override
    public List<String> describe() {
        return List.of(protocol + " " + port + " on " + loadBalancer, "default action: " + (defaultTargetGroup != null
                ? "forward to " + defaultTargetGroup : "fixed response " + fixedResponseStatus));
    }
}
