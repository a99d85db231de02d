package io.tracefleet.status;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest events, bounded: the oldest go first, and a message is cut at {@link #MAX_MESSAGE_CHARACTERS}, so a
 * controller running for months holds at most about {@code capacity × 2,000} characters of messages (2 MB by default).
 */
public final class EventLog {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int MAX_MESSAGE_CHARACTERS = 2000;

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
        Event event = new Event(++sequence, time, type, application, resource, reason, cut(message));
        events.addLast(event);
        while (events.size() > capacity) {
            events.removeFirst();
        }
        return event;
    }

    private static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARACTERS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARACTERS) + "… (" + (message.length() - MAX_MESSAGE_CHARACTERS)
                + " more characters)";
    }

    /** Events strictly after {@code since} (all of them when null), oldest first. */
    public synchronized List<Event> since(Instant since) {
        return events.stream().filter(e -> since == null || e.time().isAfter(since)).toList();
    }
}
