package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder carries what the rules need from records they no longer read: the names an ENRICHED log gives
 * the ids, and openat2's {@code open_how} from its OPENAT2 record. Real captures only.
 */
class EnrichedNamesAndOpenHowTest {

    @Test
    void anEnrichedSyscallGivesTheNamesOfItsIdsNotTheNumbers() throws IOException {
        // chronyd as uid 995 / gid 991: the names come from the tail, the numbers stay in the task
        SyscallEvent e = Fixtures.read("laurel/src/testdata/record-adjntpval.txt").syscall(4237);
        assertEquals(995, e.task().uid());
        assertEquals(new IdNames("unset", "chrony", "chrony"), e.names());
    }

    @Test
    void theLoginUserIsNamedApartFromTheRealUser() throws IOException {
        // whoami under sudo: auid 1000 is "user", uid 0 is "root"
        SyscallEvent e = Fixtures.read("linux-audit-parser-rs/src/testdata/line-syscall.txt").syscall(15558);
        assertEquals(1000, e.task().auid());
        assertEquals(new IdNames("user", "root", "root"), e.names());
        SyscallEvent nscd = Fixtures.read("laurel/src/testdata/record-nscd.txt").syscall(29498378);
        assertEquals(new IdNames("user", "user", "user"), nscd.names());
    }

    @Test
    void aRawLogHasNoNames() throws IOException {
        Fixtures.Read r = Fixtures.read("go-libaudit/auparse/testdata/audit-rhel7.log");
        int syscalls = 0;
        for (AuditEvent e : r.events()) {
            if (e instanceof SyscallEvent s) {
                assertSame(IdNames.NONE, s.names(), s.id().toString());
                syscalls++;
            }
        }
        assertTrue(syscalls > 0, "the RAW corpus has syscall events");
    }

    @Test
    void everyEnrichedSyscallOfTheCaptureNamesItsIdsAsItsTailDoes() throws IOException {
        Fixtures.Read r = Fixtures.read(Fixtures.SHARED.resolve("fixtures/captured/benign-containers/audit.log.gz"),
                Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
        int named = 0;
        for (AuditEvent e : r.events()) {
            if (e instanceof SyscallEvent s) {
                AuditRecord sys = s.record(RecordType.SYSCALL);
                assertEquals(new IdNames(sys.enrichedField("AUID"), sys.enrichedField("UID"), sys.enrichedField("GID")),
                        s.names(), sys.toString());
                named += s.names().uid() != null ? 1 : 0;
            }
        }
        assertTrue(named > 14_000, named + " named syscall events");
    }

    @Test
    void openat2CarriesTheFlagsOfItsOpenat2Record() throws IOException {
        Fixtures.Read r = Fixtures.read(Fixtures.SHARED.resolve("fixtures/captured/benign-containers/audit.log.gz"),
                Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
        // type=OPENAT2 msg=audit(1795529066.189:36788): oflag=012200000 mode=00 resolve=0x0
        assertEquals(new OpenHow(012200000, 0, 0), r.syscall(36788).openHow());
        // resolve=0xa (RESOLVE_NO_MAGICLINKS, RESOLVE_BENEATH), printed in hex with its 0x
        assertEquals(new OpenHow(02000000, 0, 0xa), r.syscall(36793).openHow());
        int withHow = 0;
        for (AuditEvent e : r.events()) {
            if (!(e instanceof SyscallEvent s)) {
                continue;
            }
            AuditRecord how = s.record(RecordType.OPENAT2);
            if (how == null) {
                assertNull(s.openHow(), s.id().toString());
            } else {
                assertEquals(Long.parseLong(how.field("oflag"), 8), s.openHow().flags(), how.toString());
                withHow++;
            }
        }
        assertTrue(withHow > 700, withHow + " events with an OPENAT2 record");
    }

    @Test
    void anUnreadableOflagIsMinusOneNotAnError() {
        AuditRecord sys = Fixtures.rec("type=SYSCALL msg=audit(1.000:9): arch=c000003e syscall=437 success=yes exit=3 "
                + "a0=ffffff9c a1=1 a2=2 a3=18 items=1 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
                + "sgid=0 fsgid=0 tty=(none) ses=1 comm=\"x\" exe=\"/x\" key=(null)");
        AuditRecord how = Fixtures.rec("type=OPENAT2 msg=audit(1.000:9): oflag=0x9 mode=00 resolve=zz");
        SyscallEvent e = (SyscallEvent) new EventDecoder().decode(sys.eventId(), List.of(sys, how));
        assertNotNull(e.openHow());
        assertEquals(new OpenHow(-1, 0, -1), e.openHow());
    }
}
