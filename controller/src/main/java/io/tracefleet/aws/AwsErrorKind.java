package io.tracefleet.aws;

/** What a failed AWS call means to a reconciler. */
public enum AwsErrorKind {
    /** The thing asked about does not exist: a normal answer while observing. */
    NOT_FOUND,
    /** The thing to create is already there: usually fine for an idempotent create. */
    ALREADY_EXISTS,
    /** AWS (or our own client-side limiter) asked us to slow down: retry later, with backoff. */
    THROTTLED,
    /** A transient failure (server error, network, timeout, IAM not yet consistent): retry. */
    RETRYABLE,
    /** Retrying the same request cannot help: the request, quota or permissions must change. */
    TERMINAL
}
