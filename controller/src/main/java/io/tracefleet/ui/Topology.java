package io.tracefleet.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tracefleet.desired.DesiredResource;
import io.tracefleet.desired.DesiredState;
import io.tracefleet.desired.DesiredStateBuilder;
import io.tracefleet.desired.LogicalId;
import io.tracefleet.spec.SpecDefaults;
import io.tracefleet.spec.StringTemplate;
import io.tracefleet.spec.model.Service;
import io.tracefleet.spec.model.TracedApplication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of an application as its spec declares it: which resource needs which, and which service calls which.
 * /status says how each resource is; this says how they hang together, which a picture needs and a status does not.
 * Both are derived from the spec in force by the same pure functions the reconciler uses, so no AWS call is made.
 */
final class Topology {

    private Topology() {
    }

    /** What the fleet view shows beside /status for one application. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(String name, String file, String region, boolean selfHeal, boolean paused, String sidecar,
                   int services) {
    }

    record Application(Summary summary, List<Node> nodes, List<ServiceNode> services) {
    }

    /** One resource of the desired state, and the resources whose outputs it needs (its arrows). */
    record Node(String id, String kind, String name, List<String> dependsOn) {
    }

    /**
     * @param calls the services whose load balancer this one is given through {@code ${services.X.endpoint}} or
     *              {@code ${services.X.url}} in its environment
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ServiceNode(String name, String sidecar, int desiredCount, int port, boolean loadBalanced,
                       List<Call> calls) {
    }

    record Call(String service, String env, String attribute) {
    }

    static Summary summary(TracedApplication application, String file, boolean paused) {
        return new Summary(application.name(), file, application.spec().region(),
                !Boolean.FALSE.equals(application.spec().selfHeal()), paused, sidecar(application),
                application.spec().services().size());
    }

    static Application of(TracedApplication application, String file, boolean paused) {
        DesiredState desired = DesiredStateBuilder.build(application);
        List<Node> nodes = new ArrayList<>();
        for (DesiredResource resource : desired.resources()) {
            nodes.add(new Node(resource.id().value(), resource.kind().label(), resource.physicalName(),
                    resource.dependsOn().stream().map(LogicalId::value).toList()));
        }
        List<ServiceNode> services = new ArrayList<>();
        new TreeMap<>(application.spec().services()).forEach((name, service) -> services.add(
                new ServiceNode(name, sidecar(application), SpecDefaults.desiredCount(service), service.port(),
                        service.loadBalancer() != null, calls(service))));
        return new Application(summary(application, file, paused), nodes, services);
    }

    private static List<Call> calls(Service service) {
        if (service.env() == null) {
            return List.of();
        }
        TreeSet<String> seen = new TreeSet<>();
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, String> env : new TreeMap<>(service.env()).entrySet()) {
            StringTemplate template;
            try {
                template = StringTemplate.parse(env.getValue());
            } catch (StringTemplate.SyntaxException e) {
                // A spec in force was validated; an unparsable value cannot name a service anyway.
                continue;
            }
            for (StringTemplate.Reference reference : template.references()) {
                if (reference.attribute() == StringTemplate.Attribute.REPOSITORY) {
                    continue;
                }
                if (seen.add(reference.service() + "/" + env.getKey())) {
                    calls.add(new Call(reference.service(), env.getKey(), reference.attribute().wire()));
                }
            }
        }
        return calls;
    }

    private static String sidecar(TracedApplication application) {
        return SpecDefaults.sidecar(application.spec().tracing()).wire();
    }
}
