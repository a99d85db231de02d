package io.tracefleet.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A response the proxy sends back: forwarded from upstream, or made up for a fault. */
record AwsResponse(int status, Map<String, List<String>> headers, byte[] body) {

    AwsResponse {
        Map<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        headers = caseless;
    }

    static AwsResponse of(int status, String contentType, String body) {
        return new AwsResponse(status, Map.of("Content-Type", List.of(contentType)),
                body.getBytes(StandardCharsets.UTF_8));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The same response with another body; checksums of the old body no longer apply. */
    AwsResponse withBody(byte[] newBody) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        copy.remove("x-amz-crc32");
        copy.remove("Content-MD5");
        return new AwsResponse(status, copy, newBody);
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
