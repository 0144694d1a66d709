package io.keelwatch.rules.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.fields.FieldDef.AuditHint;
import io.keelwatch.rules.testing.Rules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The analysis half of the audit rules: what coverage a rule set needs, from the catalogue's kinds and hints. */
class AuditCoverageTest {

    private static AuditCoverage of(String condition) {
        return AuditCoverage.of(Rules.one(condition, ""));
    }

    @Test
    void aPathFieldComparedWithALiteralIsWatchedWithThePermissionItsHintsSay() {
        AuditCoverage read = of("evt.type = openat and evt.is_open_read = true and fd.name = /etc/x");
        assertEquals(Map.of("/etc/x", "r"), read.watches());
        assertEquals(Set.of(AuditHint.READ_INTENT), read.hints());
        AuditCoverage write = of("evt.type = openat and evt.is_open_write = true and fd.directory = /etc/cron.d");
        assertEquals(Map.of("/etc/cron.d/", "wa"), write.watches(), "a directory field names a directory");
        assertEquals(Map.of("/etc/x", "rwa"), of("evt.type = openat and fd.hostpath = /etc/x").watches(), "no intent: all");
    }

    @Test
    void fieldsWithoutAPathKindOrUnderNegationWatchNothing() {
        assertEquals(Map.of(), of("evt.type = openat and proc.exe = /etc/x").watches());
        assertEquals(Map.of(), of("evt.type = openat and not fd.name = /etc/x").watches());
        assertEquals(Map.of(), of("evt.type = openat and tolower(fd.name) = /etc/x").watches());
    }

    @Test
    void hintsComeFromTheFieldsRead() {
        AuditCoverage c = of("evt.type in (connect, openat) and (fd.sip = 10.0.0.1 or evt.failed = true or proc.ppid = 2)");
        assertEquals(Set.of(AuditHint.INET_CONNECT, AuditHint.FAILED_CALLS, AuditHint.PARENT_PID), c.hints());
        assertTrue(c.failedWrites(), "a file rule reading the outcome");
        assertFalse(of("evt.type = connect and evt.failed = true").failedWrites(), "not a file rule");
    }

    @Test
    void untranslatedRulesAndSocketsAreKept() {
        AuditCoverage c = of("proc.name = x");
        assertEquals(List.of("t"), c.untranslated());
        assertEquals(Set.of(), c.types());
        AuditCoverage s = of("evt.type = connect and fd.name = /var/run/docker.sock");
        assertEquals(Set.of("/run/docker.sock"), s.sockets());
    }

    @Test
    void theShippedPackNeedsEveryHintItsRenderedLinesShow() {
        AuditCoverage c = AuditCoverage.of(RuleLoader.loadDefaultPack());
        assertTrue(c.hints().containsAll(Set.of(AuditHint.PARENT_PID, AuditHint.BLOCK_DEVICE, AuditHint.INET_CONNECT,
                AuditHint.FAILED_CALLS)), c.hints()::toString);
        assertTrue(c.knobWrites());
        assertEquals("r", c.watches().get("/etc/shadow"));
    }

    @Test
    void syscallsKeepTheConditionsOrderFromRunToRun() {
        // Set.copyOf's order depends on a per-JVM salt: the generated rules once changed order between runs
        AuditCoverage c = of("evt.type in (userfaultfd, dup3, dup2, dup, rmdir, mkdir)");
        assertEquals(List.of("userfaultfd", "dup3", "dup2", "dup", "rmdir", "mkdir"), List.copyOf(c.types()));
        List<String> r = AuditRuleSet.render(c, new AuditRuleSet.Options(1L, false, d -> true));
        assertTrue(r.contains("-a always,exit -F arch=b64 -S userfaultfd,dup3,dup2,dup,rmdir,mkdir -k kw_other"), r::toString);
    }
}
