package io.keelwatch.audit.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AuditLogTailerTest {
    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve("audit.log");
    }

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String text(TailedLine l) {
        return new String(l.input().line(), StandardCharsets.UTF_8);
    }

    private static List<String> drain(AuditLogTailer t) throws Exception {
        List<String> out = new ArrayList<>();
        for (TailedLine l; (l = t.nextLine(150)) != null; ) out.add(text(l));
        return out;
    }

    private AuditLogTailer tailer(Checkpoint cp, AuditSourceStats stats) throws IOException {
        return new AuditLogTailer(log(), cp, AuditLogTailer.StartAt.BEGINNING, stats, 5);
    }

    @Test
    void aPartialLastLineWaitsForItsNewline() throws Exception {
        append(log(), "type=A msg=1\ntype=B ms");
        try (AuditLogTailer t = tailer(null, new AuditSourceStats())) {
            TailedLine a = t.nextLine(100);
            assertEquals("type=A msg=1", text(a));
            assertEquals(0, a.start().offset());
            assertEquals(13, a.end().offset());
            assertNull(t.nextLine(50));
            append(log(), "g=2\n");
            TailedLine b = t.nextLine(1000);
            assertEquals("type=B msg=2", text(b));
            assertEquals(13, b.start().offset());
            assertEquals(26, b.end().offset());
            assertEquals(2, t.stats().lines());
            assertEquals(24, t.stats().bytes());
        }
    }

    @Test
    void bytesAreKeptExactly() throws Exception {
        byte[] raw = "type=X msg=audit(1.000:1): a=\u00e9 b=\u001dENRICH\r\n".getBytes(StandardCharsets.UTF_8);
        Files.write(log(), raw);
        try (AuditLogTailer t = tailer(null, new AuditSourceStats())) {
            byte[] expect = new byte[raw.length - 1];
            System.arraycopy(raw, 0, expect, 0, expect.length);
            assertArrayEquals(expect, t.nextLine(100).input().line());
        }
    }

    @Test
    void startsAtTheEndWhenAskedAndNoCheckpoint() throws Exception {
        append(log(), "old 1\nold 2\n");
        try (AuditLogTailer t = new AuditLogTailer(log(), null, AuditLogTailer.StartAt.END, new AuditSourceStats(), 5)) {
            assertNull(t.nextLine(30));
            append(log(), "new 1\n");
            assertEquals(List.of("new 1"), drain(t));
        }
    }

    @Test
    void followsRenameRotationFinishingTheOldFileFirst() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        try (FileOutputStream writer = new FileOutputStream(log().toFile(), true);
             AuditLogTailer t = tailer(null, stats)) {
            writer.write("l1\nl2\nl3\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("l1", text(t.nextLine(100)));
            Files.move(log(), dir.resolve("audit.log.1"));
            // The writer still holds the old file: what it writes now belongs before the new file.
            writer.write("l4\nl5-unterminated".getBytes(StandardCharsets.UTF_8));
            append(log(), "n1\nn2\n");
            assertEquals(List.of("l2", "l3", "l4", "l5-unterminated", "n1", "n2"), drain(t));
            assertEquals(1, stats.rotations());
            assertEquals(1, stats.unterminatedLines());
            append(log(), "n3\n");
            assertEquals(List.of("n3"), drain(t));
        }
    }

    @Test
    void waitsWhileTheLogIsMissingBetweenRenameAndCreate() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        append(log(), "a\n");
        try (AuditLogTailer t = tailer(null, stats)) {
            assertEquals(List.of("a"), drain(t));
            Files.move(log(), dir.resolve("audit.log.1"));
            assertNull(t.nextLine(40));
            append(log(), "b\n");
            assertEquals(List.of("b"), drain(t));
            assertEquals(1, stats.rotations());
        }
    }

    @Test
    void readsEveryFileRotatedWhileItWasNotLooking() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        append(log(), "a1\na2\n");
        try (AuditLogTailer t = tailer(null, stats)) {
            assertEquals("a1", text(t.nextLine(100)));
            Files.move(log(), dir.resolve("audit.log.1"));
            append(log(), "b1\n");
            Files.move(dir.resolve("audit.log.1"), dir.resolve("audit.log.2"));
            Files.move(log(), dir.resolve("audit.log.1"));
            append(log(), "c1\n");
            assertEquals(List.of("a2", "b1", "c1"), drain(t));
            assertEquals(2, stats.rotations());
        }
    }

    @Test
    void copyTruncateRestartsAtTheStart() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        append(log(), "first line one\nfirst line two\n");
        try (AuditLogTailer t = tailer(null, stats)) {
            assertEquals(List.of("first line one", "first line two"), drain(t));
            Files.copy(log(), dir.resolve("audit.log.1"), StandardCopyOption.COPY_ATTRIBUTES);
            try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "rw")) {
                f.setLength(0);
            }
            append(log(), "x\n");
            TailedLine x = t.nextLine(1000);
            assertEquals("x", text(x));
            assertEquals(0, x.start().offset());
            assertEquals(1, stats.truncations());
            assertEquals(0, stats.rotations(), "a copy-truncate is no rotation");
        }
    }

    @Test
    void copyTruncateDeliversTheLinesLeftInTheCopyFirst() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        append(log(), "c1\nc2\n");
        try (AuditLogTailer t = tailer(null, stats)) {
            assertEquals("c1", text(t.nextLine(100)));
            append(log(), "c3\nc4-part");
            Files.copy(log(), dir.resolve("audit.log.1"));
            try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "rw")) {
                f.setLength(0);
            }
            append(log(), "d1\n");
            assertEquals(List.of("c2", "c3", "c4-part", "d1"), drain(t));
            assertEquals(1, stats.truncations());
            assertEquals(1, stats.unterminatedLines(), "the copy ends in a partial line");
        }
    }

    @Test
    void startingAtTheEndWaitsForALineBeingWritten() throws Exception {
        append(log(), "done\nhal");
        try (AuditLogTailer t = new AuditLogTailer(log(), null, AuditLogTailer.StartAt.END, new AuditSourceStats(), 5)) {
            assertNull(t.nextLine(30));
            append(log(), "f\n");
            assertEquals(List.of("half"), drain(t));
        }
    }

    @Test
    void overlongLinesAreSkippedAndCounted() throws Exception {
        AuditSourceStats stats = new AuditSourceStats();
        String huge = "y".repeat(AuditLogTailer.MAX_LINE_BYTES + 10);
        append(log(), "before\n" + huge + "\nafter\n");
        try (AuditLogTailer t = tailer(null, stats)) {
            assertEquals(List.of("before", "after"), drain(t));
            assertEquals(1, stats.overlongLines());
        }
    }

    @Test
    void resumesAtTheCheckpointInTheSameFile() throws Exception {
        append(log(), "r1\nr2\nr3\n");
        Checkpoint cp;
        try (AuditLogTailer t = tailer(null, new AuditSourceStats())) {
            TailedLine l = t.nextLine(100);
            cp = Checkpoint.at(l.end());
        }
        append(log(), "r4\n");
        try (AuditLogTailer t = tailer(cp, new AuditSourceStats())) {
            assertEquals(List.of("r2", "r3", "r4"), drain(t));
        }
    }

    @Test
    void resumesInsideAFileRotatedWhileStoppedAndReadsTheNewerOnes() throws Exception {
        append(log(), "r1\nr2\n");
        Checkpoint cp;
        try (AuditLogTailer t = tailer(null, new AuditSourceStats())) {
            TailedLine l = t.nextLine(100);
            cp = Checkpoint.at(l.end());
        }
        Files.move(log(), dir.resolve("audit.log.1"));
        append(log(), "s1\n");
        Files.move(dir.resolve("audit.log.1"), dir.resolve("audit.log.2"));
        Files.move(log(), dir.resolve("audit.log.1"));
        append(log(), "t1\n");
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditLogTailer t = tailer(cp, stats)) {
            assertEquals(List.of("r2", "s1", "t1"), drain(t));
            assertEquals(0, stats.missedFiles());
        }
    }

    @Test
    void aCheckpointedFileThatIsGoneIsCountedAndReadingStartsAtTheOldestLeft() throws Exception {
        append(log(), "r1\nr2\n");
        Checkpoint cp;
        try (AuditLogTailer t = tailer(null, new AuditSourceStats())) {
            TailedLine l = t.nextLine(100);
            cp = Checkpoint.at(l.end());
        }
        Files.delete(log());
        append(dir.resolve("audit.log.1"), "o1\n");
        append(log(), "n1\n");
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditLogTailer t = tailer(cp, stats)) {
            assertEquals(List.of("o1", "n1"), drain(t));
            assertEquals(1, stats.missedFiles());
        }
    }

    @Test
    void aReusedInodeIsAnotherFileAndTheFilesBetweenAreRead() throws Exception {
        // Ours (first line "a1") was rotated away twice; the live log got its inode back. A checkpoint of
        // ours therefore names the live log's device and inode, with another first line.
        append(dir.resolve("audit.log.1"), "b1\nb2\n");
        append(log(), "c1\n");
        long oursHead;
        Path gone = dir.resolve("gone");
        append(gone, "a1\na2\n");
        oursHead = FileHead.of(gone);
        Checkpoint cp = new Checkpoint(FileKey.of(log()), oursHead, 3, FileKey.of(log()), oursHead, 6, java.util.Set.of());
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditLogTailer t = tailer(cp, stats)) {
            assertEquals(List.of("b1", "b2", "c1"), drain(t), "the rotated file between ours and the live one is read");
            assertEquals(1, stats.missedFiles());
            assertEquals(0, stats.truncations());
        }
    }

    @Test
    void aCopytruncateWhileStoppedResumesInTheCopyThenReadsTheLog() throws Exception {
        append(log(), "r1\nr2\n");
        Checkpoint cp;
        try (AuditLogTailer t = tailer(null, new AuditSourceStats())) {
            cp = Checkpoint.at(t.nextLine(100).end());
        }
        append(log(), "r3\n");
        Files.copy(log(), dir.resolve("audit.log.1"));
        try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "rw")) {
            f.setLength(0);
        }
        append(log(), "n1\n");
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditLogTailer t = tailer(cp, stats)) {
            assertEquals(List.of("r2", "r3", "n1"), drain(t));
            assertEquals(0, stats.missedFiles());
        }
    }

    @Test
    void aCheckpointBeyondTheEndOfAShrunkFileRestartsAtZero() throws Exception {
        append(log(), "long line number one\n");
        FileKey k = FileKey.of(log());
        try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "rw")) {
            f.setLength(0);
        }
        append(log(), "z\n");
        AuditSourceStats stats = new AuditSourceStats();
        try (AuditLogTailer t = tailer(Checkpoint.at(k, 21), stats)) {
            assertEquals(List.of("z"), drain(t));
            assertEquals(1, stats.truncations());
        }
    }
}
