package io.tracefleet.testing;

import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP call the SDK made through the {@link AwsProxy}; a retry is a call of its own.
 *
 * @param sequence  the proxy-wide order of arrival, starting at 1
 * @param service   the SigV4 signing name ({@code ecs}, {@code elasticloadbalancing}, {@code iam}, {@code ec2},
 *                  {@code logs}, {@code ecr}, {@code sts}), or {@code unknown}
 * @param operation from {@code X-Amz-Target} or the {@code Action} parameter, or {@code unknown}
 * @param region    from the SigV4 credential scope, or {@code unknown}
 * @param status    the HTTP status the client received; 0 when the proxy dropped the connection unanswered
 * @param latency   from the proxy reading the request to it answering (or dropping) it
 * @param fault     the fault the proxy injected into this call, if any
 * @param arrivedNanos {@link System#nanoTime()} when the proxy began reading the request
 */
public record AwsCall(
        long sequence,
        String service,
        String operation,
        String region,
        Access access,
        int status,
        Duration latency,
        Optional<String> fault,
        long arrivedNanos) {

    /**
     * Reads are the operations named {@code Describe*}, {@code List*}, {@code Get*} (which includes STS
     * {@code GetCallerIdentity}) and {@code BatchGet*}; every other operation counts as a write, so an
     * operation nobody classified errs on the side of "this cycle changed something".
     */
    public enum Access {
        READ, WRITE;

        public static Access of(String operation) {
            for (String prefix : new String[] {"Describe", "List", "Get", "BatchGet"}) {
                if (operation.startsWith(prefix)) {
                    return READ;
                }
            }
            return WRITE;
        }
    }

    public boolean isWrite() {
        return access == Access.WRITE;
    }

    public boolean isRead() {
        return access == Access.READ;
    }

    /** Whether the client got an HTTP answer in the 2xx range. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    public boolean is(String service, String operation) {
        return this.service.equals(service) && this.operation.equals(operation);
    }
}
