package io.keelwatch.replay;

import io.keelwatch.input.HostInput;
import io.keelwatch.journal.JournalCatalog;
import io.keelwatch.journal.JournalFormatException;
import io.keelwatch.journal.JournalReader;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A journal as an input source: the inputs exactly as the live pipeline consumed them, ticks included. */
public final class JournalSource implements InputSource {

    private final Path dir;
    private final JournalReader reader;

    public JournalSource(Path dir) throws JournalFormatException {
        this.dir = dir;
        this.reader = JournalReader.open(dir);
    }

    /** See {@link JournalReader#skipBefore}. */
    public void skipBefore(long fromMs, Consumer<HostInput> state) {
        reader.skipBefore(fromMs, state);
    }

    @Override
    public HostInput next() {
        return reader.hasNext() ? reader.next() : null;
    }

    @Override
    public void moveToCurrentThread() {
        reader.moveToCurrentThread();
    }

    /**
     * The log time of the journal's last input per its catalog (for progress), or -1 when the catalog does not
     * say (a cycle still being written, or unreadable).
     */
    public long lastMs() {
        try {
            return JournalCatalog.list(dir).stream().mapToLong(JournalCatalog.Cycle::lastMs).max().orElse(-1);
        } catch (JournalFormatException e) {
            return -1;
        }
    }

    /** Excerpts that did not decode and were skipped. */
    public long corrupt() {
        return reader.corrupt();
    }

    public JournalFormatException lastError() {
        return reader.lastError();
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public void close() {
        reader.close();
    }
}
