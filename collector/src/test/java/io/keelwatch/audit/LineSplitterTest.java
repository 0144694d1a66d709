package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    /** Every line, "<overlong>" for a skipped one. */
    private static List<String> split(InputStream in, int buffer, int max) throws IOException {
        LineSplitter s = new LineSplitter(in, buffer, max);
        List<String> out = new ArrayList<>();
        long n = 0;
        while (s.next()) {
            assertEquals(++n, s.lineNumber());
            out.add(s.overlong() ? "<overlong>"
                    : new String(s.buffer(), s.start(), s.end() - s.start(), StandardCharsets.ISO_8859_1));
        }
        assertFalse(s.next(), "stays at the end");
        return out;
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Hands out at most {@code step} bytes a read, as pipes and gzip streams do. */
    private static InputStream trickle(String s, int step) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void linesWithAndWithoutAFinalNewline() throws IOException {
        assertEquals(List.of("a", "", "bc\r", "d"), split(text("a\n\nbc\r\nd"), 4, 100));
        assertEquals(List.of("a", "bc"), split(text("a\nbc\n"), 4, 100));
        assertEquals(List.of(), split(text(""), 4, 100));
    }

    @Test
    void aLineAtTheLimitIsKeptOneByteMoreIsSkippedAndCountedAndTheNextLineIsWhole() throws IOException {
        String ten = "0123456789";
        assertEquals(List.of(ten, "<overlong>", "next", "<overlong>"),
                split(text(ten + "\n" + ten + "X\nnext\n" + ten + ten + ten), 2, 10));
        LineSplitter s = new LineSplitter(text(ten + "X\n" + ten + "X"), 2, 10);
        while (s.next()) {
            assertTrue(s.overlong());
        }
        assertEquals(2, s.overlongLines());
    }

    @Test
    void memoryStaysBoundedForOneEndlessLine() throws IOException {
        InputStream endless = new InputStream() {
            long left = 50L << 20;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        LineSplitter s = new LineSplitter(endless, 1 << 10, 1 << 16);
        assertTrue(s.next());
        assertTrue(s.overlong());
        assertTrue(s.buffer().length <= (1 << 16) + 1, "buffer " + s.buffer().length);
        assertFalse(s.next());
    }

    /** Random text through random read sizes splits as String.split does, lines over the limit aside. */
    @Test
    void agreesWithASimpleSplitWhateverTheReadSizes() throws IOException {
        Random r = new Random(42);
        for (int round = 0; round < 300; round++) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(40);
            for (int i = 0; i < n; i++) {
                b.append("abcdefghij".repeat(r.nextInt(4))).append(r.nextInt(3) == 0 ? "" : "yz".substring(r.nextInt(2)));
                b.append('\n');
            }
            if (r.nextBoolean()) {
                b.append("tail");
            }
            String all = b.toString();
            List<String> expected = new ArrayList<>();
            String[] parts = all.split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                if (i == parts.length - 1 && parts[i].isEmpty()) {
                    break;
                }
                expected.add(parts[i].length() > 25 ? "<overlong>" : parts[i]);
            }
            assertEquals(expected, split(trickle(all, 1 + r.nextInt(9)), 1 + r.nextInt(8), 25), all);
        }
    }
}
