package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.util.function.LongSupplier;

/**
 * Live mode's clock: a {@link HostInput.Tick} into the queue every period (dropped, and counted, when full), from
 * its own thread. A plain loop rather than a scheduled executor, which would keep a failure in its future where
 * nobody looks: here anything thrown ends the thread, and the agent's supervisor sees that.
 */
public final class Ticker implements AutoCloseable {
    private final Thread thread;
    private volatile boolean closed;

    /** Starts ticking; the thread is created here, so it belongs to the thread group of the caller. */
    public Ticker(InputQueue queue, LongSupplier wallClockMs, long periodMs) {
        thread = new Thread(() -> run(queue, wallClockMs, periodMs * 1_000_000L), "ticker");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(InputQueue queue, LongSupplier wallClockMs, long periodNs) {
        long next = System.nanoTime() + periodNs;
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    return;   // closed
                }
                continue;
            }
            queue.offer(Received.of(new HostInput.Tick(wallClockMs.getAsLong())));
            // at a fixed rate; after a stall (a suspended host) longer than a period, on from now, not a burst
            next += periodNs;
            long now = System.nanoTime();
            if (next < now) {
                next = now + periodNs;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
