package io.keelwatch.audit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Runs a producer on a thread of its own, a bounded number of batches ahead of the thread that takes its items:
 * batch readers (the log reader, replay) read and parse on one core while the caller works on the other. Items
 * come out in the order produced; a failure of the producer reaches the taker after the items produced before
 * it; closing early stops the producer (its next {@link Sink#put} unwinds it) and waits for its thread.
 *
 * <p>One thread takes ({@link #next}, {@link #close}); the producer's thread puts.
 *
 * @param <T> the items, never {@code null}
 */
public final class ReadAhead<T> implements AutoCloseable {

    /** What the producer puts its items into. */
    public interface Sink<T> {
        /** Hands an item over; unwinds the producer (an unchecked exception it must not catch) once closed. */
        void put(T item);

        /** Full batches waiting for the taker: a producer far ahead may take on more work per item. */
        int waiting();
    }

    /** Produces every item into the sink, on the read-ahead thread. */
    @FunctionalInterface
    public interface Producer<T> {
        void produce(Sink<T> out) throws IOException;
    }

    private static final class Batch {
        final Object[] items;
        int size;
        boolean last;
        Throwable failure;

        Batch(int capacity) {
            items = new Object[capacity];
        }
    }

    /** Unwinds the producer once the taker has given up. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private final int batchSize;
    private final ArrayBlockingQueue<Batch> handOver;
    private final Thread thread;
    private Batch filling;
    private Batch current;
    private int next;
    private boolean ended;

    /** Starts {@code producer} on a daemon thread named {@code threadName}. */
    public ReadAhead(String threadName, int batchSize, int batchesAhead, Producer<T> producer) {
        this.batchSize = batchSize;
        this.handOver = new ArrayBlockingQueue<>(batchesAhead);
        this.filling = new Batch(batchSize);
        Sink<T> sink = new Sink<>() {
            @Override
            public void put(T item) {
                Batch b = filling;
                b.items[b.size++] = item;
                if (b.size == batchSize) {
                    hand(b);
                    filling = new Batch(batchSize);
                }
            }

            @Override
            public int waiting() {
                return handOver.size();
            }
        };
        this.thread = new Thread(() -> run(producer, sink), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Producer<T> producer, Sink<T> sink) {
        Throwable failure = null;
        try {
            producer.produce(sink);
        } catch (Cancelled c) {
            return;
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        }
        filling.last = true;
        filling.failure = failure;
        try {
            handOver.put(filling);
        } catch (InterruptedException e) {
            // closed meanwhile: nobody takes batches any more
        }
    }

    private void hand(Batch b) {
        try {
            handOver.put(b);
        } catch (InterruptedException e) {
            throw new Cancelled();
        }
    }

    /**
     * The next item, or {@code null} after the last one.
     *
     * @throws IOException the producer's failure (after every item produced before it), or an interrupt
     */
    @SuppressWarnings("unchecked")
    public T next() throws IOException {
        while (current == null || next == current.size) {
            if (current != null && current.last) {
                ended = true;
                rethrow(current.failure);
                return null;
            }
            try {
                current = handOver.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            next = 0;
        }
        T item = (T) current.items[next];
        current.items[next++] = null;
        return item;
    }

    private static void rethrow(Throwable t) throws IOException {
        if (t instanceof IOException e) {
            throw e;
        } else if (t instanceof UncheckedIOException e) {
            throw e;
        } else if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    /** Stops the producer if it is still going and waits for its thread to end. */
    @Override
    public void close() {
        if (!ended) {
            thread.interrupt();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
