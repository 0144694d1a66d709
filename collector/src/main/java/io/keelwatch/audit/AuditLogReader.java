package io.keelwatch.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads auditd log files, plain or gzip (detected by magic), splitting lines on bytes and parsing each
 * with an {@link AuditLineParser}. A line that does not parse is reported as a {@link ParseError}
 * ({@code file:line: reason}) and counted, never fatal; blank lines are skipped. Memory is one read
 * buffer, not the file: records go to the consumer as they are parsed.
 */
public final class AuditLogReader {
    /** Longer than any record auditd writes (8970-byte payload plus the ENRICHED tail). */
    public static final int MAX_LINE = AuditRecord.MAX_LINE;
    private static final int BUFFER = 1 << 17;

    private final AuditLineParser parser = new AuditLineParser();
    private final Consumer<AuditRecord> records;
    private final Consumer<ParseError> errors;
    private byte[] buf = new byte[BUFFER];
    private long lineCount;
    private long recordCount;
    private long errorCount;

    public AuditLogReader(Consumer<AuditRecord> records, Consumer<ParseError> errors) {
        this.records = records;
        this.errors = errors;
    }

    /** Reads a whole file, plain or gzip. */
    public void read(Path file) throws IOException {
        boolean gzip;
        try (InputStream head = Files.newInputStream(file)) {
            gzip = head.read() == 0x1f && head.read() == 0x8b;
        }
        // Plain files are read straight into the line buffer: no intermediate buffered copy.
        try (InputStream in = Files.newInputStream(file)) {
            readLines(gzip ? new GZIPInputStream(in, BUFFER) : in, file.toString());
        }
    }

    /** Reads a stream to its end, plain or gzip; {@code name} labels errors. */
    public void read(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream src = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, BUFFER) : in;
        readLines(src, name);
    }

    private void readLines(InputStream in, String name) throws IOException {
        long lineNo = 0;
        int start = 0;
        int end = 0;
        boolean skipping = false;
        while (true) {
            if (start > 0 && start == end) {
                start = end = 0;
            }
            if (end == buf.length) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                } else if (buf.length < MAX_LINE) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                } else {
                    // Too long to be a record: report once and drop bytes up to the next newline.
                    if (!skipping) {
                        lineNo++;
                        error(name, lineNo, "line longer than " + MAX_LINE + " bytes", MAX_LINE);
                    }
                    skipping = true;
                    start = end = 0;
                }
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                break;
            }
            int scanFrom = end;
            end += n;
            for (int i = scanFrom; i < end; i++) {
                if (buf[i] == '\n') {
                    if (skipping) {
                        skipping = false;
                    } else {
                        lineNo++;
                        line(name, lineNo, start, i);
                    }
                    start = i + 1;
                }
            }
        }
        if (start < end && !skipping) {
            lineNo++;
            line(name, lineNo, start, end);
        }
        lineCount += lineNo;
    }

    private void line(String name, long lineNo, int s, int e) {
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        if (e == s) {
            return;
        }
        try {
            AuditRecord r = parser.parseLine(buf, s, e - s);
            recordCount++;
            records.accept(r);
        } catch (MalformedRecordException ex) {
            error(name, lineNo, ex.reason(), ex.column());
        }
    }

    private void error(String name, long lineNo, String reason, int column) {
        errorCount++;
        errors.accept(new ParseError(name, lineNo, reason, column));
    }

    public long lines() { return lineCount; }

    public long records() { return recordCount; }

    public long errors() { return errorCount; }
}
