package io.keelwatch.audit.source;

import io.keelwatch.audit.EventId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    @Test
    void savesAndLoadsEveryComponent() throws IOException {
        AuditSourceStats stats = new AuditSourceStats();
        CheckpointStore s = new CheckpointStore(dir.resolve("audit.checkpoint"), stats);
        assertNull(s.load());
        Checkpoint cp = new Checkpoint(new FileKey(2049, 77), 123456789L, 4096, new FileKey(2049, 78), 987654321L, 100,
                Set.of(new EventId(null, 1_700_000_000_123L, 5), new EventId("host-a", 1_700_000_000_124L, 4294967295L)));
        s.save(cp);
        assertEquals(cp, s.load());
        s.save(Checkpoint.at(new FileKey(1, 2), 3));
        assertEquals(Checkpoint.at(new FileKey(1, 2), 3), s.load());
        assertEquals(2, stats.checkpointWrites());
        assertFalse(Files.exists(dir.resolve("audit.checkpoint.tmp")), "temporary file renamed away");
    }

    @Test
    void aFileOfTheEarlierFormatLoadsWithTheReadFilesFirstLineUnknown() throws IOException {
        Path p = dir.resolve("cp");
        Files.writeString(p, "keelwatch-audit-checkpoint 1\nresume 1 2 300 44\nread 1 3 500\n");
        Checkpoint cp = new CheckpointStore(p, new AuditSourceStats()).load();
        assertEquals(new Checkpoint(new FileKey(1, 2), 44, 300, new FileKey(1, 3), -1, 500, Set.of()), cp);
    }

    @Test
    void aDamagedFileIsReportedWithItsLine() throws IOException {
        Path p = dir.resolve("cp");
        Files.writeString(p, "keelwatch-audit-checkpoint 1\nresume 1 2 x 4\nread 1 2 3\n");
        IOException e = assertThrows(IOException.class, () -> new CheckpointStore(p, new AuditSourceStats()).load());
        assertTrue(e.getMessage().contains(p + ":2:"), e.getMessage());
    }
}
