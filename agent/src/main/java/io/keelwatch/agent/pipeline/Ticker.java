package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Live mode's clock: a {@link HostInput.Tick} into the queue every period (dropped, and counted, when full). */
public final class Ticker implements AutoCloseable {
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ticker");
        t.setDaemon(true);
        return t;
    });

    public Ticker(InputQueue queue, LongSupplier wallClockMs, long periodMs) {
        exec.scheduleAtFixedRate(() -> queue.offer(Received.of(new HostInput.Tick(wallClockMs.getAsLong()))), periodMs, periodMs,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
