package io.tracefleet.aws;

import java.time.Duration;

/**
 * How calls fared at one throttle bucket since start.
 *
 * @param calls tokens taken (one per HTTP attempt, so SDK retries count)
 * @param delayedCalls calls that had to wait for their token
 * @param rejectedCalls calls refused because the wait would have exceeded the bound
 * @param totalWait the waits of all calls added up
 * @param longestWait the longest single wait
 */
public record WaitStatistics(long calls, long delayedCalls, long rejectedCalls, Duration totalWait,
        Duration longestWait) {
}
