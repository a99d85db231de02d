package io.tracefleet.status;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The latest events, bounded: the oldest go first, so a controller running for months holds a fixed amount. */
public final class EventLog {
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    private final Deque<Event> events = new ArrayDeque<>();
    private long sequence;

    public EventLog() {
        this(DEFAULT_CAPACITY);
    }

    public EventLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized Event add(Instant time, Event.Type type, String application, String resource, String reason,
                                  String message) {
        Event event = new Event(++sequence, time, type, application, resource, reason, message);
        events.addLast(event);
        while (events.size() > capacity) {
            events.removeFirst();
        }
        return event;
    }

    /** Events strictly after {@code since} (all of them when null), oldest first. */
    public synchronized List<Event> since(Instant since) {
        return events.stream().filter(e -> since == null || e.time().isAfter(since)).toList();
    }
}
