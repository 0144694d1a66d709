package io.keelwatch.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes in arrays eight at a time (SWAR: one {@code long} load, a few arithmetic operations, no
 * branch per byte). Audit lines are a few hundred bytes with few interesting ones (newline, quote,
 * separator), so skipping words that hold none of them is most of the parser's scanning cost saved.
 */
public final class ByteSearch {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long NEWLINES = broadcast('\n');

    private ByteSearch() { }

    /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1. */
    public static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long hits = matches(word(b, i), NEWLINES);
            if (hits != 0) {
                return i + firstMatch(hits);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index (0..7) of the lowest byte flagged in a non-zero {@link #matches} result. Isolating the
     * lowest flag leaves {@code 1 << 8k}; multiplying that by a constant whose byte {@code 7 - k} is
     * {@code k} puts {@code k} in the top byte. Not {@link Long#numberOfTrailingZeros}: that is an
     * intrinsic only in C2, and one-shot commands run on C1.
     */
    static int firstMatch(long hits) {
        return (int) ((((hits & -hits) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    /** The eight bytes at {@code b[i, i + 8)}, the first in the lowest byte. */
    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** {@code c} in every byte of a word. */
    static long broadcast(char c) {
        return (c & 0xFFL) * 0x0101010101010101L;
    }

    /**
     * The high bit of each byte of {@code w} that equals the corresponding byte of {@code pattern}, all
     * other bits clear. Exact for every byte (no borrow between bytes, unlike the shorter has-zero trick),
     * so the hits can be counted.
     */
    static long matches(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }
}
