package io.tracefleet.samples.a;

import java.nio.charset.StandardCharsets;

/** An HTTP answer before it is written, so tracing can record it and the server can send it. */
record Reply(int status, String contentType, String body) {

    static Reply json(int status, String body) {
        return new Reply(status, "application/json", body);
    }

    static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body);
    }

    byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
