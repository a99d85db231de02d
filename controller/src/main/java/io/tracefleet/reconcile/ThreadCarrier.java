package io.tracefleet.reconcile;

/**
 * Thread-bound state a cycle's resource workers must see as the cycle's own thread does, such as the call log's tally
 * of what an on-demand plan costs. The write fence's {@link WritingFor} is carried by the scheduler itself.
 */
@FunctionalInterface
public interface ThreadCarrier {
    ThreadCarrier NONE = work -> work;

    /** Called on the cycle's thread: {@code work} as it must run on another, with this thread's state installed. */
    Runnable carry(Runnable work);

    /** Both, this one outermost. */
    default ThreadCarrier and(ThreadCarrier other) {
        return work -> carry(other.carry(work));
    }
}
