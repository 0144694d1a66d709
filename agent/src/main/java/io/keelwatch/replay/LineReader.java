package io.keelwatch.replay;

import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Splits a bundle file into lines without decoding it ({@link LineSplitter}, the audit readers' splitter and
 * bound): each line is a fresh array (an input owns its bytes), without the newline, a trailing CR kept (audit
 * lines never carry one). A line longer than any record ({@link AuditRecord#MAX_LINE}) is skipped, logged
 * with its file and line, and counted ({@link #overlongLines()}): memory stays bounded whatever the file holds.
 */
final class LineReader implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LineReader.class.getName());
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final String name;
    private final LineSplitter lines;

    /** @param name the file, for the messages about lines skipped */
    LineReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
        this.lines = new LineSplitter(in, BUFFER, AuditRecord.MAX_LINE);
    }

    /** The next line, or null at the end of the stream. */
    byte[] readLine() throws IOException {
        while (lines.next()) {
            if (!lines.overlong()) {
                return lines.copy();
            }
            LOG.log(Level.WARNING, name + ":" + lines.lineNumber() + ": line longer than " + lines.maxLine()
                    + " bytes skipped");
        }
        return null;
    }

    /** The 1-based number of the line read last. */
    long lineNumber() {
        return lines.lineNumber();
    }

    /** Lines skipped for being longer than any record. */
    long overlongLines() {
        return lines.overlongLines();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
