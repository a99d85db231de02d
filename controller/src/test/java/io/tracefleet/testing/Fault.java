package io.tracefleet.testing;

import java.time.Duration;

/** What the {@link AwsProxy} does to a call instead of (or before) forwarding it. */
public sealed interface Fault {

    /** The name recorded in {@link AwsCall#fault()}. */
    String label();

    /** The protocol's own throttling error, as AWS sends it; see {@link AwsErrors}. */
    static Fault throttling() {
        return new Throttling();
    }

    /** An internal error with status 500 or 503, in the protocol's own error shape. */
    static Fault serverError(int status) {
        return new ServerError(status);
    }

    /**
     * AWS's throttling as AWS applies it: a call is throttled (with the protocol's own error, as
     * {@link #throttling()}) only when a bucket it draws from is empty, and forwarded otherwise. A rule with this
     * fault claims only the calls it throttles, so the label shows on those alone.
     */
    static Fault awsBuckets(AwsBuckets buckets) {
        return new AwsBucketThrottling(buckets);
    }

    /** Waits, then forwards the call as usual. */
    static Fault latency(Duration delay) {
        return new Latency(delay);
    }

    /** Closes the connection without answering. */
    static Fault connectionReset() {
        return new ConnectionReset();
    }

    /**
     * Forwards the call, then closes the connection without answering: AWS did it, the client cannot know, and
     * its retry repeats a call that already took effect.
     */
    static Fault answerLost() {
        return new AnswerLost();
    }

    /** Holds the call unanswered (longer than the client's timeout), then drops the connection. */
    static Fault timeout(Duration hold) {
        return new Timeout(hold);
    }

    /**
     * Runs {@code meanwhile} (someone else making a resource out of band) with the call's decoded text (path,
     * parameters, body: what names the resource), then forwards the call: what it does lands between the client's
     * last read and this write, the window a check-then-create can never close.
     */
    static Fault racedBy(java.util.function.Consumer<String> meanwhile) {
        return new RacedBy(meanwhile);
    }

    record RacedBy(java.util.function.Consumer<String> meanwhile) implements Fault {
        @Override
        public String label() {
            return "raced";
        }
    }

    record Throttling() implements Fault {
        @Override
        public String label() {
            return "throttling";
        }
    }

    record AwsBucketThrottling(AwsBuckets buckets) implements Fault {
        @Override
        public String label() {
            return "throttling";
        }
    }

    record ServerError(int status) implements Fault {
        public ServerError {
            if (status != 500 && status != 503) {
                throw new IllegalArgumentException("AWS services answer internal errors with 500 or 503");
            }
        }

        @Override
        public String label() {
            return "server-error-" + status;
        }
    }

    record Latency(Duration delay) implements Fault {
        @Override
        public String label() {
            return "latency";
        }
    }

    record ConnectionReset() implements Fault {
        @Override
        public String label() {
            return "connection-reset";
        }
    }

    record AnswerLost() implements Fault {
        @Override
        public String label() {
            return "answer-lost";
        }
    }

    record Timeout(Duration hold) implements Fault {
        @Override
        public String label() {
            return "timeout";
        }
    }
}
