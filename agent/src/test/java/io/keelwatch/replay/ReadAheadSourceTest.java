package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAheadSourceTest {

    /** A source of {@code n} inputs: audit lines, a bad line every 97th, a tick every 50th; then an optional failure. */
    static final class Scripted implements InputSource {
        final List<HostInput> all = new ArrayList<>();
        final IOException failAtEnd;
        int next;
        boolean closed;
        final List<Thread> readers = new ArrayList<>();

        Scripted(int n, IOException failAtEnd) {
            for (int i = 0; i < n; i++) {
                if (i % 50 == 49) {
                    all.add(new HostInput.Tick(ReplayDriverTest.T0 + i));
                } else if (i % 97 == 96) {
                    all.add(ReplayDriverTest.audit(ReplayDriverTest.T0 + i, "not an audit line " + i));
                } else {
                    all.add(ReplayDriverTest.audit(ReplayDriverTest.T0 + i, "type=CWD msg=audit(1795529065.000:" + i
                            + "): cwd=\"/w" + i + "\""));
                }
            }
            this.failAtEnd = failAtEnd;
        }

        @Override
        public HostInput next() throws IOException {
            if (!readers.contains(Thread.currentThread())) {
                readers.add(Thread.currentThread());
            }
            if (next < all.size()) {
                return all.get(next++);
            }
            if (failAtEnd != null) {
                throw failAtEnd;
            }
            return null;
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void inputsComeOutAsTheSourceGivesThemWithTheirParse() throws IOException {
        Scripted inner = new Scripted(5000, null);
        List<HostInput> out = new ArrayList<>();
        long parsed = 0;
        try (ReadAheadSource s = new ReadAheadSource(inner)) {
            Received r;
            while ((r = s.next()) != null) {
                HostInput in = r.input();
                out.add(in);
                if (in instanceof HostInput.AuditLine) {
                    String text = new String(((HostInput.AuditLine) in).line());
                    assertEquals(text.startsWith("type="), r.record() != null, text);
                    assertEquals(!text.startsWith("type="), r.error() != null, text);
                    parsed++;
                } else {
                    assertFalse(r.isAudit(), "a tick has no parse");
                }
            }
        }
        assertEquals(inner.all, out);
        assertEquals(out.stream().filter(i -> i instanceof HostInput.AuditLine).count(), parsed);
        assertTrue(inner.closed);
        assertFalse(inner.readers.contains(Thread.currentThread()), "the source was read on the reading thread");
    }

    @Test
    void aSourceFailureArrivesAfterTheInputsReadBeforeIt() throws IOException {
        Scripted inner = new Scripted(1000, new IOException("journal cut short"));
        try (ReadAheadSource s = new ReadAheadSource(inner)) {
            IOException e = assertThrows(IOException.class, () -> {
                while (s.next() != null) {
                    // drain
                }
            });
            assertEquals("journal cut short", e.getMessage());
        }
        assertTrue(inner.closed);
        assertEquals(1000, inner.next, "every input was read before the failure");
    }

    @Test
    void closingEarlyStopsTheReadingThread() throws Exception {
        Scripted inner = new Scripted(100_000, null);
        try (ReadAheadSource s = new ReadAheadSource(inner)) {
            assertNotNull(s.next());
        }
        assertTrue(inner.closed);
        assertTrue(inner.next < 100_000, "stopped ahead of the end: " + inner.next);
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("replay-read-ahead") && t.isAlive()));
    }
}
