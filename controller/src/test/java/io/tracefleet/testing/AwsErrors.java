package io.tracefleet.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Error responses in each protocol's real wire shape, so the SDK parses them into the same typed
 * exception, error code and status it would get from AWS:
 * <ul>
 *   <li>JSON (ECS, Logs, ECR): {@code {"__type":"ThrottlingException","message":"Rate exceeded"}}, HTTP 400;
 *   <li>Query (ELBv2, IAM, STS): {@code <ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>...},
 *       HTTP 400;
 *   <li>EC2: {@code <Response><Errors><Error><Code>RequestLimitExceeded</Code>...}, HTTP 503.
 * </ul>
 * Internal errors use the codes AWS documents as common errors: {@code InternalFailure} (500) and
 * {@code ServiceUnavailable} (503), and EC2's {@code InternalError} (500) and {@code Unavailable} (503).
 */
final class AwsErrors {

    private AwsErrors() {
    }

    static AwsResponse throttling(AwsRequest request) {
        return switch (request.protocol()) {
            case EC2 -> error(request, 503, "RequestLimitExceeded", "Request limit exceeded.");
            case JSON -> error(request, 400, "ThrottlingException", "Rate exceeded");
            case QUERY, OTHER -> error(request, 400, "Throttling", "Rate exceeded");
        };
    }

    static AwsResponse serverError(AwsRequest request, int status) {
        boolean unavailable = status == 503;
        if (request.protocol() == AwsRequest.Protocol.EC2) {
            return error(request, status, unavailable ? "Unavailable" : "InternalError",
                    unavailable ? "The server is overloaded and can't handle the request." : "An internal error has occurred.");
        }
        return error(request, status, unavailable ? "ServiceUnavailable" : "InternalFailure",
                unavailable ? "Service is unavailable. Please try again later." : "An internal error occurred.");
    }

    /** An error with a given code, in the request's protocol (used for not-found answers as well). */
    static AwsResponse error(AwsRequest request, int status, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        AwsResponse response = switch (request.protocol()) {
            case JSON -> AwsResponse.of(status,
                    request.header("Content-Type").orElse("application/x-amz-json-1.1"),
                    "{\"__type\":\"" + code + "\",\"message\":\"" + jsonEscape(message) + "\"}");
            case EC2 -> AwsResponse.of(status, "text/xml;charset=UTF-8",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                            + "</Code><Message>" + xmlEscape(message) + "</Message></Error></Errors><RequestID>"
                            + requestId + "</RequestID></Response>");
            case QUERY, OTHER -> AwsResponse.of(status, "text/xml",
                    "<ErrorResponse xmlns=\"" + queryNamespace(request) + "\">\n  <Error>\n    <Type>"
                            + (status >= 500 ? "Receiver" : "Sender") + "</Type>\n    <Code>" + code
                            + "</Code>\n    <Message>" + xmlEscape(message) + "</Message>\n  </Error>\n  <RequestId>"
                            + requestId + "</RequestId>\n</ErrorResponse>\n");
        };
        return new AwsResponse(response.status(), withRequestId(response.headers(), requestId), response.body());
    }

    private static Map<String, List<String>> withRequestId(Map<String, List<String>> headers, String requestId) {
        Map<String, List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.put("x-amzn-RequestId", List.of(requestId));
        return copy;
    }

    // The query services name their namespace after the API version: https://iam.amazonaws.com/doc/2010-05-08/
    private static String queryNamespace(AwsRequest request) {
        return "https://" + request.service() + ".amazonaws.com/doc/" + request.parameter("Version").orElse("") + "/";
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }
}
