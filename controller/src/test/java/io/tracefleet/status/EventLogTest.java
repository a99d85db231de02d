package io.tracefleet.status;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogTest {
    private static final Instant T0 = Instant.parse("2026-12-01T07:00:00Z");

    @Test
    void keepsOnlyTheNewestEventsUpToItsCapacity() {
        EventLog log = new EventLog(3);
        for (int i = 0; i < 5; i++) {
            log.add(T0.plusSeconds(i), Event.Type.ACTION, "app", "r" + i, "create", "created r" + i);
        }

        assertThat(log.since(null)).extracting(Event::resource).containsExactly("r2", "r3", "r4");
        assertThat(log.since(null)).extracting(Event::sequence).containsExactly(3L, 4L, 5L);
    }

    @Test
    void sinceIsExclusive() {
        EventLog log = new EventLog();
        log.add(T0, Event.Type.ACTION, "app", "a", "create", "m");
        log.add(T0.plusSeconds(1), Event.Type.ERROR, "app", "b", "Error", "m");

        assertThat(log.since(T0)).extracting(Event::resource).containsExactly("b");
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new EventLog(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeMessageIsCutSoTheLogHasAStatedSize() {
        EventLog log = new EventLog(2);

        Event event = log.add(java.time.Instant.EPOCH, Event.Type.ERROR, "app", "r", "Error", "x".repeat(1_000_000));

        assertThat(event.message()).hasSize(EventLog.MAX_MESSAGE_CHARACTERS + "… (998000 more characters)".length())
                .endsWith("… (998000 more characters)");
    }
}
