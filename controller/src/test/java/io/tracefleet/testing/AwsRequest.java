package io.tracefleet.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request as the SDK sent it to the proxy, and what AWS call it is. */
record AwsRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        byte[] body,
        String service,
        String operation,
        String region,
        Protocol protocol,
        Map<String, List<String>> parameters) {

    /** The wire protocol, which decides the shape of an error the proxy makes up. */
    enum Protocol {
        /** awsJson1_0/1_1: ECS, CloudWatch Logs, ECR. */
        JSON,
        /** awsQuery: ELBv2, IAM, STS. */
        QUERY,
        /** ec2Query: like awsQuery, with EC2's own error envelope. */
        EC2,
        OTHER
    }

    static final String UNKNOWN = "unknown";

    // AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/ecs/aws4_request, SignedHeaders=..., Signature=...
    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,]+/\\d{8}/([^/,]+)/([^/,]+)/aws4_request");

    // Only needed when a request is unsigned: signing names of the JSON services by target prefix.
    private static final Map<String, String> SERVICE_BY_TARGET_PREFIX = Map.of(
            "AmazonEC2ContainerServiceV20141113", "ecs",
            "Logs_20140328", "logs",
            "AmazonEC2ContainerRegistry_V20150921", "ecr");

    static AwsRequest parse(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body) {
        Map<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        String target = first(caseless, "X-Amz-Target").orElse(null);
        String service = UNKNOWN;
        String region = UNKNOWN;
        Matcher scope = CREDENTIAL_SCOPE.matcher(first(caseless, "Authorization").orElse(""));
        if (scope.find()) {
            region = scope.group(1);
            service = scope.group(2);
        } else if (target != null) {
            service = SERVICE_BY_TARGET_PREFIX.getOrDefault(target.substring(0, Math.max(0, target.indexOf('.'))),
                    UNKNOWN);
        }

        Map<String, List<String>> parameters = new LinkedHashMap<>();
        addFormParameters(parameters, rawQuery);
        boolean form = first(caseless, "Content-Type").orElse("").startsWith("application/x-www-form-urlencoded");
        if (form) {
            addFormParameters(parameters, new String(body, StandardCharsets.UTF_8));
        }

        Protocol protocol;
        String operation;
        if (target != null) {
            protocol = Protocol.JSON;
            operation = target.substring(target.indexOf('.') + 1);
        } else if (parameters.containsKey("Action")) {
            protocol = service.equals("ec2") ? Protocol.EC2 : Protocol.QUERY;
            operation = parameters.get("Action").get(0);
        } else {
            protocol = Protocol.OTHER;
            operation = UNKNOWN;
        }
        return new AwsRequest(method, rawPath, rawQuery, caseless, body, service, operation, region, protocol,
                parameters);
    }

    /** A query-protocol parameter, e.g. {@code Name} or {@code GroupId.1}. */
    Optional<String> parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The values of a flattened query-protocol list, e.g. {@code Names.member.1}, {@code Names.member.2}. */
    List<String> parameterList(String prefix) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (entry.getKey().startsWith(prefix + ".") && entry.getKey().substring(prefix.length() + 1)
                    .matches("\\d+")) {
                values.addAll(entry.getValue());
            }
        }
        return values;
    }

    /**
     * What the request says, URL-decoded, for a test to search in: the path, every parameter (query and form)
     * and, for the JSON protocol, the body.
     */
    String text() {
        StringBuilder text = new StringBuilder(decode(rawPath));
        parameters.forEach((name, values) -> values.forEach(value -> text.append('\n').append(name).append('=')
                .append(value)));
        if (protocol == Protocol.JSON) {
            text.append('\n').append(new String(body, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    Optional<String> header(String name) {
        return first(headers, name);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static void addFormParameters(Map<String, List<String>> into, String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            into.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
