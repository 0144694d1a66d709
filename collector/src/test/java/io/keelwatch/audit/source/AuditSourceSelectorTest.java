package io.keelwatch.audit.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditSourceSelectorTest {

    @Test
    void autoPrefersTheFileWhenAuditdRuns() {
        assertEquals(AuditSourceSelector.Mode.FILE, AuditSourceSelector.decide(AuditSourceSelector.Mode.AUTO, true, 812).mode());
        assertEquals(AuditSourceSelector.Mode.FILE, AuditSourceSelector.decide(AuditSourceSelector.Mode.AUTO, true, 0).mode());
    }

    @Test
    void autoBecomesTheDaemonOnlyWhenNobodyHoldsThePid() {
        assertEquals(AuditSourceSelector.Mode.NETLINK_UNICAST,
                AuditSourceSelector.decide(AuditSourceSelector.Mode.AUTO, false, 0).mode());
        AuditSourceSelector.Choice held = AuditSourceSelector.decide(AuditSourceSelector.Mode.AUTO, false, 4242);
        assertEquals(AuditSourceSelector.Mode.NETLINK_MULTICAST, held.mode());
        assertTrue(held.reason().contains("4242"));
        assertEquals(AuditSourceSelector.Mode.NETLINK_MULTICAST,
                AuditSourceSelector.decide(AuditSourceSelector.Mode.AUTO, false, -1).mode());
    }

    @Test
    void anExplicitModeIsTaken() {
        for (AuditSourceSelector.Mode m : AuditSourceSelector.Mode.values()) {
            if (m == AuditSourceSelector.Mode.AUTO) continue;
            assertEquals(m, AuditSourceSelector.decide(m, true, 0).mode());
            assertEquals(m, AuditSourceSelector.Mode.parse(m.text()));
        }
        assertThrows(IllegalArgumentException.class, () -> AuditSourceSelector.Mode.parse("kafka"));
    }

    @Test
    void findsAuditdByProcessName(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("1"));
        Files.writeString(proc.resolve("1/comm"), "systemd\n");
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("77"));   // exited: no comm
        assertFalse(AuditSourceSelector.auditdRunning(proc));
        Files.createDirectories(proc.resolve("812"));
        Files.writeString(proc.resolve("812/comm"), "auditd\n");
        assertTrue(AuditSourceSelector.auditdRunning(proc));
    }
}
