package io.keelwatch.runtime;

import io.grpc.Context;
import io.keelwatch.input.EventStreamStats;
import io.keelwatch.input.HostInput;
import java.io.Closeable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows one runtime's lifecycle events on its own thread and hands each to a sink as a
 * {@link HostInput.RuntimeEvent}, in the runtime's order. A broken stream (runtime restarted, socket
 * gone) is reopened with growing delays; the subclass says how to follow it once open.
 */
public abstract class RuntimeEventStream implements Closeable {
    private static final Duration INITIAL = Duration.ofMillis(250);
    private static final Duration MAX = Duration.ofSeconds(10);

    private final String source;
    private final Consumer<? super HostInput.RuntimeEvent> sink;
    private final LongSupplier clockMs;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Context.CancellableContext current;
    private volatile boolean connected;
    private volatile long connects;
    private volatile long failures;
    private volatile long delivered;
    private volatile String lastError = "";

    protected RuntimeEventStream(String source, Consumer<? super HostInput.RuntimeEvent> sink, LongSupplier clockMs) {
        this.source = Objects.requireNonNull(source);
        this.sink = Objects.requireNonNull(sink);
        this.clockMs = Objects.requireNonNull(clockMs);
        this.thread = new Thread(this::run, "keelwatch-" + source.replace(' ', '-') + "-events");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Follows the stream until it ends or fails, handing each event's JSON to {@code deliver}; runs
     * inside a cancellable gRPC context that {@link #close()} cancels.
     */
    protected abstract void follow(Consumer<String> deliver) throws Exception;

    /** Called by {@link #follow} once the runtime accepted the subscription. */
    protected final void opened() {
        connected = true;
        connects++;
    }

    protected final boolean closed() {
        return closed;
    }

    private void run() {
        long delayMs = INITIAL.toMillis();
        while (!closed) {
            Context.CancellableContext ctx = Context.current().withCancellation();
            current = ctx;
            long connectsBefore = connects;
            try {
                ctx.run(() -> {
                    try {
                        follow(json -> {
                            delivered++;
                            sink.accept(new HostInput.RuntimeEvent(clockMs.getAsLong(), source, json));
                        });
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                lastError = "stream ended by the runtime";
            } catch (RuntimeException e) {
                lastError = source + " events: " + e.getMessage();
            } finally {
                ctx.cancel(null);
                connected = false;
            }
            if (closed) {
                break;
            }
            failures++;
            if (connects > connectsBefore) {
                delayMs = INITIAL.toMillis();
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                break;
            }
            delayMs = Math.min(delayMs * 2, MAX.toMillis());
        }
    }

    public String source() {
        return source;
    }

    public boolean connected() {
        return connected;
    }

    public long connects() {
        return connects;
    }

    public long failures() {
        return failures;
    }

    public long delivered() {
        return delivered;
    }

    /** The counters as of now (read from any thread); malformed events are counted where they are decoded. */
    public EventStreamStats stats() {
        return new EventStreamStats(connected, connects, failures, delivered, 0, 0);
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext c = current;
        if (c != null) {
            c.cancel(null);
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
