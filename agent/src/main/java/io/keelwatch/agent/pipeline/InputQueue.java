package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one bounded queue in front of the pipeline core. Sources choose per input: {@link #put} waits
 * for room (back-pressure: the file tailer, Docker events), {@link #offer} drops and counts when full
 * (netlink, whose alternative is stalling the kernel). Memory is bounded by the capacity. Each input travels
 * with its parse ({@link Received}): audit sources parse on their own threads, the core never parses.
 */
public final class InputQueue {
    private final ArrayBlockingQueue<Received> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedAudit = new LongAdder();
    private final LongAdder waits = new LongAdder();

    public InputQueue(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Adds the input, or drops it and counts the drop when the queue is full. */
    public boolean offer(Received in) {
        if (queue.offer(in)) {
            return true;
        }
        dropped.increment();
        if (in.isAudit()) {
            droppedAudit.increment();
        }
        return false;
    }

    /** Adds the input, waiting for room. */
    public void put(Received in) throws InterruptedException {
        if (!queue.offer(in)) {
            waits.increment();
            queue.put(in);
        }
    }

    /** Adds an input that is not an audit record ({@link Received#of}), waiting for room. */
    public void put(HostInput in) throws InterruptedException {
        put(Received.of(in));
    }

    /** The next input, or {@code null} after {@code timeoutMs} without one. */
    public Received poll(long timeoutMs) throws InterruptedException {
        return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    public int depth() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    /** Inputs dropped because the queue was full. */
    public long droppedTotal() {
        return dropped.sum();
    }

    /** Of those, audit records. */
    public long droppedAuditTotal() {
        return droppedAudit.sum();
    }

    /** Times a source had to wait for room. */
    public long waitsTotal() {
        return waits.sum();
    }
}
