package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSearchTest {

    @Test
    void newlineIsFoundAtEveryOffsetAndWordPosition() {
        for (int len = 0; len < 40; len++) {
            for (int at = -1; at < len; at++) {
                byte[] b = new byte[len];
                java.util.Arrays.fill(b, (byte) 'x');
                if (at >= 0) {
                    b[at] = '\n';
                }
                for (int from = 0; from <= len; from++) {
                    int expected = at >= from ? at : -1;
                    assertEquals(expected, ByteSearch.newline(b, from, len), "len " + len + " at " + at + " from " + from);
                }
            }
        }
    }

    @Test
    void newlineStopsAtTheBoundNotAtTheArrayEnd() {
        byte[] b = "abcdefghij\n".getBytes();
        assertEquals(-1, ByteSearch.newline(b, 0, 10));
        assertEquals(10, ByteSearch.newline(b, 0, 11));
    }

    @Test
    void matchesFlagsExactlyTheEqualBytesWithNoBorrowIntoHigherBytes() {
        // 0x01 and 0x00 next to a match are where the short has-zero trick reports false hits.
        Random rnd = new Random(7);
        byte[] values = {0, 1, 2, '"', (byte) 0x80, (byte) 0xFF, 0x1D, ')', '"' ^ 1, (byte) ('"' | 0x80)};
        long quotes = ByteSearch.broadcast('"');
        for (int n = 0; n < 100_000; n++) {
            byte[] w = new byte[8];
            for (int i = 0; i < 8; i++) {
                w[i] = values[rnd.nextInt(values.length)];
            }
            long hits = ByteSearch.matches(ByteSearch.word(w, 0), quotes);
            int first = -1;
            for (int i = 0; i < 8; i++) {
                long bit = (hits >>> (8 * i)) & 0xFF;
                assertEquals(w[i] == '"' ? 0x80 : 0, bit, "byte " + i + " of " + java.util.Arrays.toString(w));
                if (w[i] == '"' && first < 0) {
                    first = i;
                }
            }
            if (first >= 0) {
                assertEquals(first, ByteSearch.firstMatch(hits));
            }
        }
    }

    @Test
    void firstMatchNamesTheLowestFlaggedByte() {
        for (int k = 0; k < 8; k++) {
            long lowest = 0x80L << (8 * k);
            assertEquals(k, ByteSearch.firstMatch(lowest));
            assertEquals(k, ByteSearch.firstMatch(lowest | 0x8000000000000000L));
        }
    }
}
