package io.keelwatch.replay;

import io.keelwatch.audit.ByteSearch;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: each line is a fresh array (an input owns
 * its bytes), without the newline, a trailing CR kept (audit lines never carry one).
 */
final class LineReader implements AutoCloseable {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long lineNumber;
    private byte[] partial = new byte[256];

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    byte[] readLine() throws IOException {
        int partialLen = 0;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (partialLen == 0) {
                        return null;
                    }
                    lineNumber++;
                    return Arrays.copyOf(partial, partialLen);
                }
            }
            int start = pos;
            int nl = ByteSearch.newline(buf, pos, limit);
            pos = nl < 0 ? limit : nl;
            if (pos < limit) {
                byte[] line;
                if (partialLen == 0) {
                    line = Arrays.copyOfRange(buf, start, pos);
                } else {
                    line = Arrays.copyOf(partial, partialLen + pos - start);
                    System.arraycopy(buf, start, line, partialLen, pos - start);
                }
                pos++;
                lineNumber++;
                return line;
            }
            int n = pos - start;
            if (partialLen + n > partial.length) {
                partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLen + n));
            }
            System.arraycopy(buf, start, partial, partialLen, n);
            partialLen += n;
        }
    }

    /** The 1-based number of the line read last. */
    long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
