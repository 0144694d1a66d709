package io.keelwatch.rules.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLogReader;
import io.keelwatch.audit.ParseError;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user and group names of real ENRICHED and RAW log lines, and openat2's flags from its OPENAT2 record:
 * what the rules read from the decoded event, never from its records.
 */
class EnrichedLogFieldsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("keelwatch.shared", "/work/shared"), "fixtures");

    private static SyscallEvent syscall(String rel, long serial) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        List<ParseError> errors = new ArrayList<>();
        Reassembler r = new Reassembler(events::add);
        new AuditLogReader(r::add, errors::add).read(FIXTURES.resolve(rel));
        r.flush();
        for (AuditEvent e : events) {
            if (e instanceof SyscallEvent s && s.id().serial() == serial) {
                return s;
            }
        }
        throw new AssertionError("no syscall event " + serial + " in " + rel);
    }

    private static String f(String field, SyscallEvent s) {
        ProcessInfo self = new ProcessInfo(s.task().pid(), 1, s.task().ppid(), s.task().exe(), s.task().comm(),
                s.argv(), s.cwd(), s.task().uid(), null);
        EvalContext c = new EvalContext();
        c.reset(new EnrichedEvent(s, new ProcessContext(self, List.of()), null));
        return Fields.render(Fields.lookup(field).bind(null), c);
    }

    @Test
    void userAndGroupNamesAreTheEnrichedLogsNames() throws IOException {
        // chronyd: uid=995 gid=991 auid unset, UID="chrony" GID="chrony" AUID="unset"
        SyscallEvent chrony = syscall("audit/third_party/laurel/src/testdata/record-adjntpval.txt", 4237);
        assertEquals("995", f("user.uid", chrony));
        assertEquals("chrony", f("user.name", chrony));
        assertEquals("chrony", f("group.name", chrony));
        assertEquals("unset", f("user.loginname", chrony));
        // whoami under sudo: uid=0 is root, auid=1000 is "user"
        SyscallEvent sudo = syscall("audit/third_party/linux-audit-parser-rs/src/testdata/line-syscall.txt", 15558);
        assertEquals("root", f("user.name", sudo));
        assertEquals("user", f("user.loginname", sudo));
        assertEquals("1000", f("user.loginuid", sudo));
    }

    @Test
    void aRawLogFallsBackToRootOrTheNumber() throws IOException {
        // RHEL 7 RAW log, kill(2) from bash: uid=1000 gid=1001 auid=1000 and no ENRICHED tail
        SyscallEvent raw = syscall("audit/third_party/go-libaudit/auparse/testdata/audit-rhel7.log", 1095517);
        assertEquals("1000", f("user.name", raw));
        assertEquals("1000", f("user.loginname", raw));
        assertEquals("1001", f("group.name", raw));
        // and uid 0 in a RAW line is root
        SyscallEvent modprobe = syscall("audit/third_party/go-libaudit/auparse/testdata/audit-rhel7.log", 17);
        assertEquals("root", f("user.name", modprobe));
        assertEquals("unset", f("user.loginname", modprobe));
    }

    @Test
    void openat2FlagsComeFromItsOpenat2Record() throws IOException {
        // oflag=012200000: O_PATH|O_DIRECTORY|O_CLOEXEC with access mode O_RDONLY (Falco's names lack O_PATH)
        SyscallEvent e = syscall("captured/benign-containers/audit.log.gz", 36788);
        assertEquals("openat2", f("evt.type", e));
        assertEquals("O_RDONLY|O_DIRECTORY|O_CLOEXEC", f("evt.arg.flags", e));
        assertEquals("true", f("evt.is_open_read", e));
        assertEquals("false", f("evt.is_open_write", e));
    }
}
