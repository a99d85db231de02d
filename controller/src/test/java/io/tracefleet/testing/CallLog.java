package io.tracefleet.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** An immutable snapshot of the calls an {@link AwsProxy} saw, with the counters tests assert on. */
public record CallLog(List<AwsCall> calls) {

    public CallLog {
        calls = List.copyOf(calls);
    }

    /** The calls that arrived after the mark was taken. */
    public CallLog since(Mark mark) {
        return new CallLog(calls.stream().filter(call -> call.sequence() > mark.lastSequence()).toList());
    }

    public long total() {
        return calls.size();
    }

    public long reads() {
        return calls.stream().filter(AwsCall::isRead).count();
    }

    /** Every call of a mutating operation, answered or not: a throttled CreateService still tried to write. */
    public long writes() {
        return calls.stream().filter(AwsCall::isWrite).count();
    }

    public List<AwsCall> writeCalls() {
        return calls.stream().filter(AwsCall::isWrite).toList();
    }

    public long count(String service, String operation) {
        return calls.stream().filter(call -> call.is(service, operation)).count();
    }

    public long count(String service) {
        return calls.stream().filter(call -> call.service().equals(service)).count();
    }

    public List<AwsCall> of(String service, String operation) {
        return calls.stream().filter(call -> call.is(service, operation)).toList();
    }

    public long faulted() {
        return calls.stream().filter(call -> call.fault().isPresent()).count();
    }

    /** Counts keyed {@code service:Operation}, sorted, so a failing assertion prints readably. */
    public Map<String, Long> byOperation() {
        return calls.stream().collect(Collectors.groupingBy(
                call -> call.service() + ":" + call.operation(), TreeMap::new, Collectors.counting()));
    }

    /** A point in the proxy's call sequence; see {@link AwsProxy#mark()}. */
    /**
     * The time during which at least one of these calls was in the proxy (moto answering, or the proxy forwarding):
     * calls that overlap count once, so with calls made in parallel this stays within the wall time, where the
     * sum of their latencies would not.
     */
    public Duration busy() {
        List<AwsCall> byArrival = calls.stream().sorted(java.util.Comparator.comparingLong(AwsCall::arrivedNanos))
                .toList();
        long busy = 0;
        long coveredUntil = Long.MIN_VALUE;
        for (AwsCall call : byArrival) {
            long start = call.arrivedNanos();
            long end = start + call.latency().toNanos();
            if (end <= coveredUntil) {
                continue;
            }
            busy += end - Math.max(start, coveredUntil);
            coveredUntil = end;
        }
        return Duration.ofNanos(busy);
    }

    public record Mark(long lastSequence) {
    }
}
