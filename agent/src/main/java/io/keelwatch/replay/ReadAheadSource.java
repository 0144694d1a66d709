package io.keelwatch.replay;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.ReadAhead;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;

/**
 * Runs an input source on a thread of its own ({@link ReadAhead}), a bounded number of batches ahead of the
 * core, and parses the audit inputs there too: reading, splitting lines and parsing run beside the core instead
 * of on it, and each input comes out with its parse ({@link Received}), the one parse it gets. While it is well
 * ahead (half the batches waiting) it also decodes what each record says on its own; when the core catches up it
 * leaves that to the core, so the two threads share the work whichever is the faster. Either way the records are
 * the same. The inputs come out exactly as the source gives them, in its order; a failure of the source reaches
 * the caller of {@link #next} after the inputs read before it. Closing stops the reading thread and closes the
 * source from the closing thread.
 */
final class ReadAheadSource implements AutoCloseable {
    private static final int BATCH = 256;
    private static final int BATCHES_AHEAD = 16;

    private final InputSource inner;
    private final ReadAhead<Received> ahead;

    ReadAheadSource(InputSource inner) {
        this.inner = inner;
        this.ahead = new ReadAhead<>("replay-read-ahead", BATCH, BATCHES_AHEAD, sink -> {
            inner.moveToCurrentThread();
            AuditLineParser parser = new AuditLineParser();
            HostInput in;
            long n = 0;
            boolean decode = true;
            while ((in = inner.next()) != null) {
                sink.put(Received.parse(parser, in, decode));
                if (++n % BATCH == 0) {
                    decode = sink.waiting() >= BATCHES_AHEAD / 2;
                }
            }
        });
    }

    /** The next input with its parse, or {@code null} at the end. */
    public Received next() throws IOException {
        return ahead.next();
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
        ahead.close();
        inner.moveToCurrentThread();
        inner.close();
    }
}
