package io.keelwatch.journal;

import io.keelwatch.input.HostInput;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a journal directory from the start, in append order. An excerpt that does not decode is
 * skipped and counted ({@link #corrupt()}, {@link #lastError()}), never ends the read.
 */
public final class JournalReader implements AutoCloseable {

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private final InputCodec codec = new InputCodec();
    private HostInput pending;
    private long pendingIndex = -1;
    private long lastIndex = -1;
    private long read;
    private long corrupt;
    private JournalFormatException lastError;

    private JournalReader(Path dir) throws JournalFormatException {
        this.dir = dir;
        this.queue = JournalQueues.openForReading(dir);
        this.tailer = queue.createTailer().toStart();
    }

    public static JournalReader open(Path dir) throws JournalFormatException {
        return new JournalReader(dir);
    }

    /** True when {@code dir} holds journal cycle files. */
    public static boolean isJournal(Path dir) {
        return JournalQueues.hasCycleFiles(dir);
    }

    /**
     * Reads up to the first input received at or after {@code fromMs}. On the way, the inputs that
     * carry state rather than events (lookups, Docker and runtime events, config changes) go to {@code state};
     * audit input and ticks are skipped without being decoded. The next {@link #next()} returns the
     * first input at or after {@code fromMs}.
     */
    public void skipBefore(long fromMs, Consumer<HostInput> state) {
        while (pending == null) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return;
                }
                Bytes<?> b = dc.wire().bytes();
                long at = InputCodec.peekTime(b);
                byte tag = b.readByte(b.readPosition() + 1);
                boolean stateful = tag == InputCodec.TAG_LOOKUP || tag == InputCodec.TAG_DOCKER_EVENT
                        || tag == InputCodec.TAG_CONFIG_CHANGE || tag == InputCodec.TAG_RUNTIME_EVENT;
                if (at < fromMs && !stateful) {
                    continue;
                }
                HostInput in = decode(b, dc.index());
                if (in == null) {
                    continue;
                }
                if (at < fromMs) {
                    state.accept(in);
                } else {
                    pending = in;
                    pendingIndex = dc.index();
                }
            }
        }
    }

    public boolean hasNext() {
        while (pending == null) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                pending = decode(dc.wire().bytes(), dc.index());
                pendingIndex = dc.index();
            }
        }
        return true;
    }

    public HostInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        HostInput in = pending;
        pending = null;
        lastIndex = pendingIndex;
        return in;
    }

    private HostInput decode(Bytes<?> b, long index) {
        try {
            HostInput in = codec.decode(b, dir, index);
            read++;
            return in;
        } catch (JournalFormatException e) {
            corrupt++;
            lastError = e;
            return null;
        }
    }

    /**
     * The calling thread reads from now on. Chronicle binds a tailer to the first thread that uses it
     * and refuses others; a reader handed to another thread (replay reads ahead of the core) re-binds.
     */
    public void moveToCurrentThread() {
        tailer.singleThreadedCheckReset();
    }

    /** The Chronicle index of the input {@link #next()} returned last, or -1. */
    public long index() {
        return lastIndex;
    }

    public long read() {
        return read;
    }

    public long corrupt() {
        return corrupt;
    }

    public JournalFormatException lastError() {
        return lastError;
    }

    @Override
    public void close() {
        tailer.close();
        queue.close();
    }
}
