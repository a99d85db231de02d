package io.tracefleet.reconcile;

import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.ListenerProperties;
import io.tracefleet.desired.ListenerRuleProperties;
import io.tracefleet.desired.Output;
import io.tracefleet.desired.Ref;
import io.tracefleet.desired.ResourceKind;
import io.tracefleet.resources.Outputs;

import java.util.Map;
import java.util.TreeMap;

/** Each service's URL as a user would open it: its load balancer's DNS name and listener port, as observed. */
final class ServiceEndpoints {

    private ServiceEndpoints() {
    }

    static Map<String, String> of(DesiredState desired, Outputs outputs) {
        Map<String, String> urls = new TreeMap<>();
        for (DesiredResource listener : desired.ofKind(ResourceKind.LISTENER)) {
            ListenerProperties properties = (ListenerProperties) listener.properties();
            if (properties.defaultTargetGroup() == null) {
                continue; // a shared load balancer's listener: its rules say which service is where
            }
            Ref dnsName = new Ref(properties.loadBalancer().resource(), Output.DNS_NAME);
            String service = listener.id().value().split("/")[0];
            outputs.find(dnsName).ifPresent(dns -> urls.put(service, url(properties, dns, "")));
        }
        for (DesiredResource rule : desired.ofKind(ResourceKind.LISTENER_RULE)) {
            ListenerRuleProperties properties = (ListenerRuleProperties) rule.properties();
            ListenerProperties listener = (ListenerProperties) desired.get(properties.listener().resource())
                    .properties();
            Ref dnsName = new Ref(listener.loadBalancer().resource(), Output.DNS_NAME);
            String service = rule.id().value().split("/")[0];
            outputs.find(dnsName).ifPresent(dns -> urls.put(service, url(listener, dns,
                    DesiredStateBuilder.pathPrefix(properties.paths()))));
        }
        return urls;
    }

    private static String url(ListenerProperties listener, String dns, String path) {
        String scheme = "HTTPS".equals(listener.protocol()) ? "https" : "http";
        boolean defaultPort = listener.port() == ("https".equals(scheme) ? 443 : 80);
        return scheme + "://" + dns + (defaultPort ? "" : ":" + listener.port()) + path;
    }
}
