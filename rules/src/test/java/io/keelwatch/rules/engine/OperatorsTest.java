package io.keelwatch.rules.engine;

import static io.keelwatch.rules.testing.Rules.matches;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.testing.Ev;
import org.junit.jupiter.api.Test;

/** Each condition operator, on string, numeric, boolean, IP and multi-valued fields. */
class OperatorsTest {
    private final EnrichedEvent open = Ev.syscall("openat").args(-100, 0, 01101).exit(3)
            .path("/etc/cron.d/evil").comm("cp").exe("/bin/cp").uid(1000).inContainer().build();
    private final EnrichedEvent conn = Ev.syscall("connect").connect("10.1.2.3", 4444).failed(-111, "ECONNREFUSED")
            .comm("nc").exe("/usr/bin/nc").parent("sh", "/bin/sh", "sh").inContainer().build();

    @Test
    void equalsAndNotEquals() {
        assertTrue(matches("fd.name = /etc/cron.d/evil", open));
        assertTrue(matches("fd.name == \"/etc/cron.d/evil\"", open));
        assertFalse(matches("fd.name = /etc/cron.d", open));
        assertTrue(matches("fd.name != /etc/passwd", open));
        assertFalse(matches("fd.name != /etc/cron.d/evil", open));
    }

    @Test
    void absentValueFailsEveryComparisonButNegationHolds() {
        assertFalse(matches("fd.sip = 1.2.3.4", open));
        assertFalse(matches("fd.sip != 1.2.3.4", open));
        assertTrue(matches("not fd.sip = 1.2.3.4", open));
        assertFalse(matches("fd.sport > 0", open));
    }

    @Test
    void numericComparisons() {
        assertTrue(matches("user.uid = 1000", open));
        assertTrue(matches("user.uid < 1001 and user.uid <= 1000 and user.uid > 999 and user.uid >= 1000", open));
        assertFalse(matches("user.uid < 1000", open));
        assertTrue(matches("fd.sport = 4444", conn));
        assertTrue(matches("evt.rawres = -111", conn));
        assertTrue(matches("fd.num >= 0", open));
        assertTrue(matches("user.uid = 0x3e8", open));
    }

    @Test
    void booleans() {
        assertTrue(matches("evt.is_open_write = true", open));
        assertFalse(matches("evt.is_open_read = true", open));
        assertTrue(matches("evt.failed = true", conn));
        assertTrue(matches("evt.failed = false", open));
    }

    @Test
    void inAndIntersects() {
        assertTrue(matches("proc.name in (cat, cp, mv)", open));
        assertFalse(matches("proc.name in (cat, mv)", open));
        assertTrue(matches("fd.sport in (3333, 4444)", conn));
        assertFalse(matches("fd.sport in (3333)", conn));
        assertTrue(matches("proc.names intersects (nc, ncat)", conn));
        assertFalse(matches("proc.names intersects (socat)", conn));
        assertFalse(matches("proc.name in ()", open));
    }

    @Test
    void stringMatchers() {
        assertTrue(matches("fd.name contains cron", open));
        assertFalse(matches("fd.name contains CRON", open));
        assertTrue(matches("fd.name icontains CRON.D", open));
        assertTrue(matches("fd.name startswith /etc/", open));
        assertFalse(matches("fd.name startswith /var/", open));
        assertTrue(matches("fd.name endswith /evil", open));
        assertFalse(matches("fd.name endswith evil/", open));
    }

    @Test
    void glob() {
        assertTrue(matches("fd.name glob \"/etc/cron*/*\"", open));
        assertTrue(matches("fd.name glob \"/etc/cron.?/evi[kl]\"", open));
        assertFalse(matches("fd.name glob \"/etc/cron.?/evi[!l]\"", open));
        assertFalse(matches("fd.name glob \"/etc/*.conf\"", open));
        assertTrue(matches("fd.name glob \"*\"", open));
    }

    @Test
    void pmatchIsPathPrefix() {
        assertTrue(matches("fd.name pmatch (/etc/cron.d, /root)", open));
        assertTrue(matches("fd.name pmatch (/etc)", open));
        assertFalse(matches("fd.name pmatch (/etc/cron)", open), "a prefix must end at a path separator");
        assertTrue(matches("fd.name pmatch (/etc/cron.d/evil)", open));
    }

    @Test
    void exists() {
        assertTrue(matches("fd.name exists", open));
        assertFalse(matches("fd.sip exists", open));
        assertTrue(matches("fd.sip exists", conn));
        assertTrue(matches("proc.aname exists", conn));
        assertFalse(matches("proc.aname exists", open));
    }

    @Test
    void cidrOnIpFields() {
        assertTrue(matches("fd.sip = \"10.0.0.0/8\"", conn));
        assertFalse(matches("fd.sip = \"192.168.0.0/16\"", conn));
        assertTrue(matches("fd.sip in (\"192.168.0.0/16\", \"10.1.2.0/24\")", conn));
        assertTrue(matches("fd.net = \"10.1.0.0/16\"", conn));
        assertTrue(matches("fd.sip = 10.1.2.3", conn));
        EnrichedEvent v6 = Ev.syscall("connect").connect("fd00:ec2::254", 80).inContainer().build();
        assertTrue(matches("fd.sip in (\"fd00:ec2::254/128\")", v6));
    }

    @Test
    void multiValuedFieldsMatchAnyElement() {
        assertTrue(matches("proc.aname = sh", conn));
        assertTrue(matches("proc.aname in (bash, sh)", conn));
        assertFalse(matches("proc.aname = bash", conn));
        assertTrue(matches("proc.aname != bash", conn));
        assertTrue(matches("proc.aname startswith s", conn));
    }

    @Test
    void booleanStructureAndPrecedence() {
        assertTrue(matches("proc.name = cp or proc.name = x and proc.name = y", open), "and binds tighter than or");
        assertFalse(matches("(proc.name = cp or proc.name = x) and proc.name = y", open));
        assertTrue(matches("not proc.name = x and not (proc.name = y or proc.name = z)", open));
        assertTrue(matches("not not proc.name = cp", open));
    }

    @Test
    void listsAndMacros() {
        String defs = """
                - list: copy_tools
                  items: [cp, mv]
                - list: tools
                  items: [copy_tools, rsync]
                - macro: copying
                  condition: proc.name in (tools)
                - macro: under_etc
                  condition: fd.name startswith /etc/
                """;
        assertTrue(matches("copying and under_etc", defs, open));
        assertFalse(matches("copying and not under_etc", defs, open));
        assertTrue(matches("proc.name in (copy_tools, \"cat\")", defs, open));
        assertFalse(matches("proc.name in (\"copy_tools\")", defs, open), "quoted items are never list names");
    }

    @Test
    void fieldArguments() {
        EnrichedEvent e = Ev.exec("/bin/sh", "sh", "-c", "id").parent("bash", "/bin/bash", "bash")
                .parent("sshd", "/usr/sbin/sshd", "sshd").build();
        assertTrue(matches("proc.aname[1] = bash", e));
        assertTrue(matches("proc.aname[2] = sshd", e));
        assertFalse(matches("proc.aname[2] = bash", e));
        assertFalse(matches("proc.aname[3] exists", e));
        assertTrue(matches("proc.aname[0] = sh", e));
    }
}
