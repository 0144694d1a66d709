package io.keelwatch.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on bytes, for every reader of audit text (log files, capture bundles): a
 * growable buffer, the SWAR newline search ({@link ByteSearch}), and one policy for overlong lines. A line
 * longer than {@code maxLine} bytes cannot be a record: it is skipped to its newline, counted, and reported to
 * the caller once ({@link #overlong()}), so memory stays bounded whatever the input. A trailing CR is kept
 * (audit lines never carry one; a reader that wants to forgive one strips it). The last line needs no newline.
 *
 * <p>Pull-based: {@link #next} moves to the next line, whose bytes are {@code buffer()[start(), end())} until
 * the next call. Not thread-safe: one reader owns it.
 */
public final class LineSplitter {
    private final InputStream in;
    private final int maxLine;
    private byte[] buf;
    /** The current line, then the unread bytes from {@code scan} on. */
    private int start;
    private int end;
    private int scan;
    private int limit;
    private boolean eof;
    private boolean overlong;
    private long lineNumber;
    private long overlongLines;

    public LineSplitter(InputStream in, int initialBuffer, int maxLine) {
        if (initialBuffer <= 0 || maxLine <= 0) {
            throw new IllegalArgumentException("buffer and line limit must be positive");
        }
        this.in = in;
        this.maxLine = maxLine;
        this.buf = new byte[Math.min(initialBuffer, maxLine + 1)];
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the stream
     */
    public boolean next() throws IOException {
        overlong = false;
        int from = scan;
        int searched = scan;
        boolean skipping = false;
        while (true) {
            int nl = ByteSearch.newline(buf, searched, limit);
            if (nl >= 0) {
                scan = nl + 1;
                lineNumber++;
                if (skipping) {
                    return overlongLine();
                }
                start = from;
                end = nl;
                return true;
            }
            searched = limit;
            if (!skipping && limit - from > maxLine) {
                // Too long to be a record: drop what is buffered and skip to its newline.
                skipping = true;
            }
            if (skipping) {
                from = searched = limit = scan = 0;
            }
            if (eof) {
                if (skipping) {
                    lineNumber++;
                    return overlongLine();
                }
                if (from == limit) {
                    return false;
                }
                lineNumber++;
                start = from;
                end = limit;
                scan = limit;
                return true;
            }
            // Room for more: move the partial line to the front, grow only when it fills the buffer.
            if (from > 0) {
                System.arraycopy(buf, from, buf, 0, limit - from);
                limit -= from;
                searched -= from;
                from = scan = 0;
            }
            if (limit == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(maxLine + 1, buf.length * 2));
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    private boolean overlongLine() {
        overlong = true;
        overlongLines++;
        start = end = 0;
        return true;
    }

    /** Whether the current line was longer than the limit: it was skipped, and has no bytes here. */
    public boolean overlong() {
        return overlong;
    }

    public byte[] buffer() {
        return buf;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    /** The current line as an array of its own. */
    public byte[] copy() {
        return Arrays.copyOfRange(buf, start, end);
    }

    /** The 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Lines skipped for being longer than the limit. */
    public long overlongLines() {
        return overlongLines;
    }

    public int maxLine() {
        return maxLine;
    }
}
