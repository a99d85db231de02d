package io.tracefleet.samples.b;

import io.tracefleet.samples.tracing.Reply;
import java.util.concurrent.ThreadLocalRandom;

/** The demo's {@code POST /create}: five slow waits, then a JSON answer that is 200 or 403. */
final class CreateEndpoint {

    static final int PAUSES_PER_REQUEST = 5;

    private final Pause pause;
    private final Verdict verdict;

    CreateEndpoint(Pause pause, Verdict verdict) {
        this.pause = pause;
        this.verdict = verdict;
    }

    Reply create() throws InterruptedException {
        int status = verdict.forbids() ? 403 : 200;
        // As in the original demo: a random request number and the time the request arrived.
        int request = ThreadLocalRandom.current().nextInt(1, 10_001);
        long time = System.currentTimeMillis();
        for (int i = 0; i < PAUSES_PER_REQUEST; i++) {
            pause.await();
        }
        // A 403 carries the same body: the demo's point is the error in the trace, not the payload.
        return Reply.json(status, "{\"request\": %d, \"status\": %d, \"time\": %d}".formatted(request, status, time));
    }
}
