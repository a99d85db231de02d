package io.tracefleet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * AWS's eventual consistency, which moto lacks: for a window after a successful create, describes
 * answer as if the resource did not exist yet, each the way its API does on AWS. A reconciler that
 * trusts one such describe creates a duplicate.
 *
 * <table>
 *   <caption>What is hidden, and how</caption>
 *   <tr><th>create</th><th>hidden from</th></tr>
 *   <tr><td>ELBv2 CreateLoadBalancer</td><td>DescribeLoadBalancers: by name or ARN the error
 *       {@code LoadBalancerNotFound}; otherwise left out of the list</td></tr>
 *   <tr><td>ELBv2 CreateTargetGroup</td><td>DescribeTargetGroups: by name or ARN {@code TargetGroupNotFound};
 *       otherwise left out</td></tr>
 *   <tr><td>ECS CreateService</td><td>DescribeServices: moved to {@code failures} with reason {@code MISSING};
 *       ListServices: left out</td></tr>
 *   <tr><td>EC2 CreateSecurityGroup</td><td>DescribeSecurityGroups: by id or name
 *       {@code InvalidGroup.NotFound}; filtered or unfiltered, left out</td></tr>
 *   <tr><td>IAM CreateRole</td><td>GetRole: {@code NoSuchEntity} (404); ListRoles: left out</td></tr>
 *   <tr><td>Logs CreateLogGroup</td><td>DescribeLogGroups: left out</td></tr>
 * </table>
 */
public final class ReadAfterWriteLag {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELB = "elasticloadbalancing";

    private enum Kind { LOAD_BALANCER, TARGET_GROUP, ECS_SERVICE, SECURITY_GROUP, IAM_ROLE, LOG_GROUP }

    /** A resource still inside its window; {@code keys} are every way a describe can name it. */
    private record Hidden(Kind kind, Set<String> keys, String arn, long visibleAtNanos) {
        boolean hides(Kind other, String key, long now) {
            return kind == other && now < visibleAtNanos && keys.contains(key);
        }
    }

    private final List<Hidden> hidden = new CopyOnWriteArrayList<>();
    private volatile Duration window = Duration.ZERO;

    ReadAfterWriteLag() {
    }

    /** Resources created from now on stay hidden for this long; zero (the default) turns lag off. */
    public ReadAfterWriteLag window(Duration lag) {
        this.window = lag;
        return this;
    }

    public Duration window() {
        return window;
    }

    /** Ends every window now, as if AWS had caught up. */
    public void revealAll() {
        hidden.clear();
    }

    /** How many created resources are still hidden. */
    public long hiddenCount() {
        long now = System.nanoTime();
        return hidden.stream().filter(entry -> now < entry.visibleAtNanos()).count();
    }

    /** A not-found answer for a describe that names a hidden resource, or empty to forward the call. */
    Optional<AwsResponse> answerInstead(AwsRequest request) {
        if (hidden.isEmpty()) {
            return Optional.empty();
        }
        String operation = request.service() + ":" + request.operation();
        switch (operation) {
            case ELB + ":DescribeLoadBalancers" -> {
                return firstHidden(Kind.LOAD_BALANCER, concat(request.parameterList("Names.member"),
                        request.parameterList("LoadBalancerArns.member")))
                        .map(key -> AwsErrors.error(request, 400, "LoadBalancerNotFound",
                                "One or more load balancers not found"));
            }
            case ELB + ":DescribeTargetGroups" -> {
                return firstHidden(Kind.TARGET_GROUP, concat(request.parameterList("Names.member"),
                        request.parameterList("TargetGroupArns.member")))
                        .map(key -> AwsErrors.error(request, 400, "TargetGroupNotFound",
                                "One or more target groups not found"));
            }
            case "ec2:DescribeSecurityGroups" -> {
                return firstHidden(Kind.SECURITY_GROUP, concat(request.parameterList("GroupId"),
                        request.parameterList("GroupName")))
                        .map(key -> AwsErrors.error(request, 400, "InvalidGroup.NotFound",
                                "The security group '" + key + "' does not exist"));
            }
            case "iam:GetRole" -> {
                return firstHidden(Kind.IAM_ROLE, request.parameter("RoleName").stream().toList())
                        .map(key -> AwsErrors.error(request, 404, "NoSuchEntity",
                                "The role with name " + key + " cannot be found."));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Remembers successful creates, and takes hidden resources out of forwarded describes. */
    AwsResponse afterForward(AwsRequest request, AwsResponse response) {
        if (!response.succeeded()) {
            return response;
        }
        try {
            rememberCreate(request, response);
            return hidden.isEmpty() ? response : hideFrom(request, response);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("read-after-write lag cannot handle " + request.service() + ":"
                    + request.operation(), e);
        }
    }

    private void rememberCreate(AwsRequest request, AwsResponse response) throws IOException {
        if (window.isZero() || window.isNegative()) {
            return;
        }
        switch (request.service() + ":" + request.operation()) {
            case ELB + ":CreateLoadBalancer" -> remember(Kind.LOAD_BALANCER,
                    xmlText(response, "LoadBalancerArn"), request.parameter("Name").orElseThrow());
            case ELB + ":CreateTargetGroup" -> remember(Kind.TARGET_GROUP,
                    xmlText(response, "TargetGroupArn"), request.parameter("Name").orElseThrow());
            case "ecs:CreateService" -> {
                JsonNode service = JSON.readTree(response.body()).path("service");
                remember(Kind.ECS_SERVICE, service.path("serviceArn").asText(),
                        service.path("serviceName").asText());
            }
            case "ec2:CreateSecurityGroup" -> remember(Kind.SECURITY_GROUP,
                    xmlText(response, "groupId"), request.parameter("GroupName").orElseThrow());
            case "iam:CreateRole" -> remember(Kind.IAM_ROLE,
                    xmlText(response, "Arn"), request.parameter("RoleName").orElseThrow());
            case "logs:CreateLogGroup" -> {
                String name = JSON.readTree(request.body()).path("logGroupName").asText();
                remember(Kind.LOG_GROUP, name, name);
            }
            default -> {
            }
        }
    }

    private void remember(Kind kind, String arn, String name) {
        Set<String> keys = new HashSet<>(List.of(arn, name));
        hidden.add(new Hidden(kind, Set.copyOf(keys), arn, System.nanoTime() + window.toNanos()));
    }

    private AwsResponse hideFrom(AwsRequest request, AwsResponse response) throws IOException {
        return switch (request.service() + ":" + request.operation()) {
            case ELB + ":DescribeLoadBalancers" ->
                    stripXml(response, "LoadBalancers", "member", "LoadBalancerArn", isHidden(Kind.LOAD_BALANCER));
            case ELB + ":DescribeTargetGroups" ->
                    stripXml(response, "TargetGroups", "member", "TargetGroupArn", isHidden(Kind.TARGET_GROUP));
            case "ec2:DescribeSecurityGroups" ->
                    stripXml(response, "securityGroupInfo", "item", "groupId", isHidden(Kind.SECURITY_GROUP));
            case "iam:ListRoles" -> stripXml(response, "Roles", "member", "RoleName", isHidden(Kind.IAM_ROLE));
            case "ecs:DescribeServices" -> hideEcsServices(response);
            case "ecs:ListServices" -> stripJson(response, "serviceArns", node -> node.asText(),
                    isHidden(Kind.ECS_SERVICE));
            case "logs:DescribeLogGroups" -> stripJson(response, "logGroups",
                    node -> node.path("logGroupName").asText(), isHidden(Kind.LOG_GROUP));
            default -> response;
        };
    }

    private Predicate<String> isHidden(Kind kind) {
        return key -> {
            long now = System.nanoTime();
            return hidden.stream().anyMatch(entry -> entry.hides(kind, key, now));
        };
    }

    private Optional<String> firstHidden(Kind kind, List<String> keys) {
        return keys.stream().filter(isHidden(kind)).findFirst();
    }

    // AWS reports a service it does not know yet as a failure, not as an error.
    private AwsResponse hideEcsServices(AwsResponse response) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(response.body());
        ArrayNode kept = JSON.createArrayNode();
        ArrayNode failures = root.has("failures") ? (ArrayNode) root.get("failures") : root.putArray("failures");
        boolean changed = false;
        for (JsonNode service : root.path("services")) {
            String arn = service.path("serviceArn").asText();
            if (isHidden(Kind.ECS_SERVICE).test(arn)) {
                failures.addObject().put("arn", arn).put("reason", "MISSING");
                changed = true;
            } else {
                kept.add(service);
            }
        }
        if (!changed) {
            return response;
        }
        root.set("services", kept);
        return response.withBody(JSON.writeValueAsBytes(root));
    }

    private static AwsResponse stripJson(AwsResponse response, String arrayField,
            java.util.function.Function<JsonNode, String> keyOf, Predicate<String> hide) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(response.body());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode entry : root.path(arrayField)) {
            if (!hide.test(keyOf.apply(entry))) {
                kept.add(entry);
            }
        }
        if (kept.size() == root.path(arrayField).size()) {
            return response;
        }
        root.set(arrayField, kept);
        return response.withBody(JSON.writeValueAsBytes(root));
    }

    private static AwsResponse stripXml(AwsResponse response, String container, String entry, String keyElement,
            Predicate<String> hide) {
        Document document = parse(response.body());
        List<Node> doomed = new ArrayList<>();
        NodeList containers = document.getElementsByTagNameNS("*", container);
        for (int i = 0; i < containers.getLength(); i++) {
            for (Node child = containers.item(i).getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && entry.equals(element.getLocalName())
                        && hide.test(childText(element, keyElement))) {
                    doomed.add(element);
                }
            }
        }
        if (doomed.isEmpty()) {
            return response;
        }
        doomed.forEach(node -> node.getParentNode().removeChild(node));
        return response.withBody(serialize(document));
    }

    private static String childText(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                return element.getTextContent().trim();
            }
        }
        return "";
    }

    private static String xmlText(AwsResponse response, String localName) {
        NodeList nodes = parse(response.body()).getElementsByTagNameNS("*", localName);
        if (nodes.getLength() == 0) {
            throw new IllegalStateException("no <" + localName + "> in " + response.bodyText());
        }
        return nodes.item(0).getTextContent().trim();
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException("unparseable XML from upstream", e);
        }
    }

    private static byte[] serialize(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write XML", e);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
