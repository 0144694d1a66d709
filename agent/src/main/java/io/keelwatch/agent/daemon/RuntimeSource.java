package io.keelwatch.agent.daemon;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.input.EventStreamStats;
import io.keelwatch.input.HostInput;
import io.keelwatch.runtime.RuntimeEventStream;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A containerd or CRI runtime's lifecycle events into the queue; like Docker's, they wait for room
 * rather than lose a lifecycle event.
 */
final class RuntimeSource implements InputSource {
    private final String name;
    private final Function<Consumer<HostInput.RuntimeEvent>, RuntimeEventStream> open;
    private volatile RuntimeEventStream stream;

    /** @param open makes the stream over the sink it is given (not started) */
    RuntimeSource(String name, Function<Consumer<HostInput.RuntimeEvent>, RuntimeEventStream> open) {
        this.name = name;
        this.open = open;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(InputQueue queue) {
        stream = open.apply(e -> {
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        stream.start();
    }

    RuntimeEventStream stream() {
        return stream;
    }

    /** The stream's counters; none before it started. */
    EventStreamStats streamStats() {
        RuntimeEventStream s = stream;
        return s == null ? EventStreamStats.NONE : s.stats();
    }

    @Override
    public void close() {
        RuntimeEventStream s = stream;
        if (s != null) {
            s.close();
        }
    }
}
