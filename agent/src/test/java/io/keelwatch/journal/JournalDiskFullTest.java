package io.keelwatch.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on a small tmpfs that fills up: inputs are dropped and counted, the flag is raised,
 * nothing throws, nothing faults, what was written reads back, and writing resumes once space is back.
 */
@Tag("host")
class JournalDiskFullTest {

    @TempDir
    Path tmp;
    Path mnt;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        mnt = Files.createDirectory(tmp.resolve("mnt"));
        run("mount", "-t", "tmpfs", "-o", "size=8m", "kw_t_journal", mnt.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", mnt.toString());
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    static HostInput line(long i) {
        return CrashWriterMain.line(i);
    }

    /** Fills the filesystem completely, as another process would. */
    static void fill(Path file) {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException expectedNoSpaceLeft) {
            // full
        }
    }

    @Test
    void theReserveIsKeptFreeAndEveryInputBeyondItIsCountedAsDropped() throws Exception {
        Path dir = mnt.resolve("journal");
        AtomicLong wall = new AtomicLong(1_000);
        int attempted = 200_000; // about 30 MB of lines for 8 MB of tmpfs
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(dir).withReserveBytes(1 << 20), wall::get)) {
            for (int i = 0; i < attempted; i++) {
                w.append(line(i));
            }
            JournalStats s = w.stats();
            assertTrue(s.droppedDiskFull() > 0, s.toString());
            assertTrue(s.diskFull(), s.toString());
            assertEquals(attempted, s.appended() + s.dropped(), s.toString());
            assertTrue(Files.getFileStore(mnt).getUsableSpace() >= (1 << 20) - (64 << 10), "the reserve is left free");
        }
        assertEquals(readCount(dir), countAppendedInOrder(dir));
    }

    @Test
    void aDiskFilledBehindTheJournalsBackIsSurvivedAndWritingResumesWhenSpaceIsBack() throws Exception {
        Path dir = mnt.resolve("journal");
        Path filler = mnt.resolve("filler");
        AtomicLong wall = new AtomicLong(1_000);
        long appendedBefore;
        try (JournalWriter w = JournalWriter.open(JournalConfig.defaults(dir).withReserveBytes(0), wall::get)) {
            for (int i = 0; i < 1000; i++) {
                assertTrue(w.append(line(i)));
            }
            fill(filler);
            for (int i = 1000; i < 60_000; i++) {
                w.append(line(i));
            }
            JournalStats full = w.stats();
            assertTrue(full.diskFull(), full.toString());
            assertTrue(full.droppedDiskFull() > 0, full.toString());
            assertEquals(60_000, full.appended() + full.dropped(), full.toString());
            appendedBefore = full.appended();

            Files.delete(filler);
            wall.addAndGet(SpaceGuard.RECHECK_FULL_MS + 1);
            for (int i = 60_000; i < 61_000; i++) {
                assertTrue(w.append(line(i)), () -> "after space came back: " + w.stats());
            }
            assertFalse(w.stats().diskFull());
        }
        assertEquals(appendedBefore + 1000, readCount(dir));
        assertEquals(appendedBefore + 1000, countAppendedInOrder(dir));
    }

    static long readCount(Path dir) throws JournalFormatException {
        return JournalRoundTripTest.readAll(dir).size();
    }

    /** The inputs read back are a strictly increasing subsequence of what was offered. */
    static long countAppendedInOrder(Path dir) throws JournalFormatException {
        long last = -1;
        long n = 0;
        for (HostInput in : JournalRoundTripTest.readAll(dir)) {
            long seq = CrashWriterMain.seqOf(in);
            assertTrue(seq > last, seq + " after " + last);
            last = seq;
            n++;
        }
        return n;
    }
}
