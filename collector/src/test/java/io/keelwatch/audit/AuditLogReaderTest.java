package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditLogReaderTest {

    /** Records as text and errors as {@code file:line: reason}, interleaved in the order delivered. */
    private static List<String> deliveries(boolean ahead, Path file) throws IOException {
        List<String> out = new ArrayList<>();
        AuditLogReader reader = ahead
                ? AuditLogReader.readAhead(r -> out.add(r.text()), e -> out.add("! " + e))
                : new AuditLogReader(r -> out.add(r.text()), e -> out.add("! " + e));
        reader.read(file);
        out.add("lines=" + reader.lines() + " records=" + reader.records() + " errors=" + reader.errors());
        return out;
    }

    @Test
    void readingAheadDeliversExactlyWhatADirectReaderDoesInTheSameOrder() throws IOException {
        List<Path> files = new ArrayList<>(ThirdPartyFixturesTest.allFiles());
        files.add(Fixtures.SHARED.resolve("fixtures/captured/benign-containers/audit.log.gz"));
        long delivered = 0;
        for (Path f : files) {
            List<String> direct = deliveries(false, f);
            assertEquals(direct, deliveries(true, f), f.toString());
            delivered += direct.size();
        }
        assertTrue(delivered > 78_217, "delivered " + delivered);
    }

    @Test
    void consumersRunOnTheCallingThread() throws IOException {
        Thread caller = Thread.currentThread();
        List<Thread> seen = new ArrayList<>();
        AuditLogReader.readAhead(r -> seen.add(Thread.currentThread()), e -> seen.add(Thread.currentThread()))
                .read(Fixtures.thirdParty("go-libaudit/testdata/lost_messages.log"));
        assertFalse(seen.isEmpty());
        assertTrue(seen.stream().allMatch(t -> t == caller));
    }

    @Test
    void aConsumerFailureStopsTheReadingThreadAndReachesTheCaller() throws Exception {
        int[] taken = {0};
        AuditLogReader reader = AuditLogReader.readAhead(r -> {
            if (++taken[0] == 1000) {
                throw new IllegalStateException("consumer gave up");
            }
        }, e -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reader.read(Fixtures.SHARED.resolve("fixtures/captured/benign-containers/audit.log.gz")));
        assertEquals("consumer gave up", e.getMessage());
        assertFalse(readAheadThreadAlive(), "the reading thread has ended");
        assertTrue(reader.records() < 78_217, "reading stopped early: " + reader.records());
    }

    @Test
    void aReadFailureReachesTheCallerAfterTheRecordsReadBeforeIt() throws Exception {
        byte[] good = ("type=CWD msg=audit(1.000:1): cwd=\"/\"\n").repeat(3000).getBytes(StandardCharsets.US_ASCII);
        InputStream failing = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(good);

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("disk went away");
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = in.read(buf, off, len);
                if (n < 0) {
                    throw new IOException("disk went away");
                }
                return n;
            }
        };
        List<AuditRecord> got = new ArrayList<>();
        AuditLogReader reader = AuditLogReader.readAhead(got::add, e -> { });
        IOException e = assertThrows(IOException.class, () -> reader.read(failing, "failing"));
        assertEquals("disk went away", e.getMessage());
        assertEquals(3000, got.size(), "every record before the failure was delivered");
        assertFalse(readAheadThreadAlive());
    }

    private static boolean readAheadThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("audit-read-ahead") && t.isAlive());
    }
}
