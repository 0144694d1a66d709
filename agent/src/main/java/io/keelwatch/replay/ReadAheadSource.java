package io.keelwatch.replay;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Runs an input source on a thread of its own, a bounded number of batches ahead of the core, and
 * parses the audit inputs there too: reading, splitting lines and parsing run beside the core instead of
 * on it, and each input comes out with its parse ({@link Received}), the one parse it gets. While it is well ahead (half the batches waiting) it also decodes
 * what each record says on its own; when the core catches up it leaves that to the core, so the two
 * threads share the work whichever is the faster. Either way the records are the same. The inputs come out exactly as the source
 * gives them, in its order; a failure of the source reaches the caller of {@link #next} after the
 * inputs read before it. Closing stops the reading thread and closes the source from the closing thread.
 */
final class ReadAheadSource implements AutoCloseable {
    private static final int BATCH = 256;
    private static final int BATCHES_AHEAD = 16;

    private static final class Batch {
        final Received[] inputs = new Received[BATCH];
        int size;
        boolean last;
        Throwable failure;
    }

    private final InputSource inner;
    private final ArrayBlockingQueue<Batch> handOver = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final Thread reader;
    private Batch current;
    private int next;

    ReadAheadSource(InputSource inner) {
        this.inner = inner;
        this.reader = new Thread(this::readAll, "replay-read-ahead");
        reader.setDaemon(true);
        reader.start();
    }

    /** The reading thread: the whole source, batch by batch. */
    private void readAll() {
        AuditLineParser parser = new AuditLineParser();
        Batch b = new Batch();
        try {
            inner.moveToCurrentThread();
            HostInput in;
            boolean decode = true;
            while ((in = inner.next()) != null) {
                b.inputs[b.size] = Received.parse(parser, in, decode);
                if (++b.size == BATCH) {
                    handOver.put(b);
                    b = new Batch();
                    decode = handOver.size() >= BATCHES_AHEAD / 2;
                }
            }
        } catch (InterruptedException e) {
            return; // closed before the end: nobody takes batches any more
        } catch (IOException | RuntimeException | Error e) {
            b.failure = e;
        }
        b.last = true;
        try {
            handOver.put(b);
        } catch (InterruptedException e) {
            // closed meanwhile
        }
    }

    /** The next input with its parse, or {@code null} at the end. */
    public Received next() throws IOException {
        while (current == null || next == current.size) {
            if (current != null && current.last) {
                rethrow(current.failure);
                return null;
            }
            try {
                current = handOver.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + inner.describe());
            }
            next = 0;
        }
        Received in = current.inputs[next];
        current.inputs[next++] = null;
        return in;
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

    /** See {@link InputSource#shareRead}. */
    public double shareRead() {
        return inner.shareRead();
    }

    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() throws IOException {
        reader.interrupt();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        inner.moveToCurrentThread();
        inner.close();
    }
}
