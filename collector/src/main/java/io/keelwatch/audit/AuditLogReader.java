package io.keelwatch.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads auditd log files, plain or gzip (detected by magic), splitting lines on bytes and parsing each
 * with an {@link AuditLineParser}. A line that does not parse is reported as a {@link ParseError}
 * ({@code file:line: reason}) and counted, never fatal; blank lines are skipped. Memory is one read
 * buffer, not the file: records go to the consumer as they are parsed.
 *
 * <p>A reader made with {@link #readAhead} reads and parses on a thread of its own, a bounded number of
 * batches ahead, while the calling thread runs the consumers: batch jobs ({@code keelwatch parse}) use
 * both cores. The consumers see exactly what a direct reader gives them, in the same order and on the
 * calling thread; a failure of either side stops both and reaches the caller.
 */
public final class AuditLogReader {
    /** Longer than any record auditd writes (8970-byte payload plus the ENRICHED tail). */
    public static final int MAX_LINE = AuditRecord.MAX_LINE;
    private static final int BUFFER = 1 << 17;
    /** Records or errors per hand-over, and hand-overs queued: about 4096 records in flight. */
    private static final int BATCH = 512;
    private static final int BATCHES_AHEAD = 8;

    private final AuditLineParser parser = new AuditLineParser();
    private final Consumer<AuditRecord> records;
    private final Consumer<ParseError> errors;
    private final boolean ahead;
    /** The splitter's buffer while a line is parsed from it. */
    private byte[] buf;
    private long lineCount;
    private long recordCount;
    private long errorCount;
    /** While reading ahead: where the reading thread puts records and errors. */
    private ReadAhead.Sink<Object> sink;

    public AuditLogReader(Consumer<AuditRecord> records, Consumer<ParseError> errors) {
        this(records, errors, false);
    }

    private AuditLogReader(Consumer<AuditRecord> records, Consumer<ParseError> errors, boolean ahead) {
        this.records = records;
        this.errors = errors;
        this.ahead = ahead;
    }

    /** A reader that parses on its own thread while the caller's thread runs the consumers. */
    public static AuditLogReader readAhead(Consumer<AuditRecord> records, Consumer<ParseError> errors) {
        return new AuditLogReader(records, errors, true);
    }

    /** Reads a whole file, plain or gzip. */
    public void read(Path file) throws IOException {
        boolean gzip;
        try (InputStream head = Files.newInputStream(file)) {
            gzip = head.read() == 0x1f && head.read() == 0x8b;
        }
        run(() -> {
            // Plain files are read straight into the line buffer: no intermediate buffered copy.
            try (InputStream in = Files.newInputStream(file)) {
                readLines(gzip ? new GZIPInputStream(in, BUFFER) : in, file.toString());
            }
        });
    }

    /** Reads a stream to its end, plain or gzip; {@code name} labels errors. */
    public void read(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream src = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, BUFFER) : in;
        run(() -> readLines(src, name));
    }

    @FunctionalInterface
    private interface Reading {
        void run() throws IOException;
    }

    private void run(Reading reading) throws IOException {
        if (!ahead) {
            reading.run();
            return;
        }
        try (ReadAhead<Object> batches = new ReadAhead<>("audit-read-ahead", BATCH, BATCHES_AHEAD, sink -> {
            this.sink = sink;
            reading.run();
        })) {
            Object item;
            while ((item = batches.next()) != null) {
                if (item instanceof AuditRecord r) {
                    records.accept(r);
                } else {
                    errors.accept((ParseError) item);
                }
            }
        }
    }

    /** Hands {@code item} to the consumers: at once, or through the read-ahead when reading ahead. */
    private void deliver(Object item) {
        if (!ahead) {
            if (item instanceof AuditRecord r) {
                records.accept(r);
            } else {
                errors.accept((ParseError) item);
            }
            return;
        }
        sink.put(item);
    }

    private void readLines(InputStream in, String name) throws IOException {
        LineSplitter lines = new LineSplitter(in, BUFFER, MAX_LINE);
        buf = null;
        while (lines.next()) {
            if (lines.overlong()) {
                // Too long to be a record: reported once, its bytes skipped to the next newline.
                error(name, lines.lineNumber(), "line longer than " + MAX_LINE + " bytes", MAX_LINE);
            } else {
                buf = lines.buffer();
                line(name, lines.lineNumber(), lines.start(), lines.end());
            }
        }
        lineCount += lines.lineNumber();
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
            deliver(r);
        } catch (MalformedRecordException ex) {
            error(name, lineNo, ex.reason(), ex.column());
        }
    }

    private void error(String name, long lineNo, String reason, int column) {
        errorCount++;
        deliver(new ParseError(name, lineNo, reason, column));
    }

    public long lines() { return lineCount; }

    public long records() { return recordCount; }

    public long errors() { return errorCount; }
}
