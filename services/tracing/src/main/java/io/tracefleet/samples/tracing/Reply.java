package io.tracefleet.samples.tracing;

import java.nio.charset.StandardCharsets;

/** An HTTP answer before it is written, so tracing can record it and the server can send it. */
public record Reply(int status, String contentType, String body) {

    public static Reply json(int status, String body) {
        return new Reply(status, "application/json", body);
    }

    public static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body);
    }

    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
