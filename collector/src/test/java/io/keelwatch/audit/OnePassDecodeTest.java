package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder reads each record once and dispatches on name codes; these tests hold it to what looking
 * every field up by name gives (the first field of a name wins), on every record of the real corpora.
 */
class OnePassDecodeTest {
    private static final long UNSET = 4294967295L;
    private final EventDecoder decoder = new EventDecoder();

    private static long id(AuditRecord r, String name) {
        long v = r.fieldLong(name, -1);
        return v == UNSET ? -1 : v;
    }

    static Syscall callByName(AuditRecord s) {
        long arch = s.fieldHex("arch", -1);
        String archName = arch < 0 ? "unknown" : AuditArch.name(arch);
        int nr = (int) s.fieldLong("syscall", -1);
        String success = s.field("success");
        Syscall.Result result = success == null ? Syscall.Result.UNKNOWN
                : success.equals("yes") ? Syscall.Result.SUCCESS : Syscall.Result.FAILURE;
        long exit = s.fieldLong("exit", 0);
        return new Syscall(archName, nr, AuditArch.syscallName(archName, nr), result, exit, Errno.forExit(exit),
                s.fieldHex("a0", 0), s.fieldHex("a1", 0), s.fieldHex("a2", 0), s.fieldHex("a3", 0),
                (int) s.fieldLong("items", 0));
    }

    static Task taskByName(AuditRecord s) {
        return new Task((int) s.fieldLong("pid", -1), (int) s.fieldLong("ppid", -1), id(s, "auid"), id(s, "uid"),
                id(s, "gid"), id(s, "euid"), id(s, "suid"), id(s, "fsuid"), id(s, "egid"), id(s, "sgid"),
                id(s, "fsgid"), s.field("tty"), id(s, "ses"), s.field("comm"), s.field("exe"), s.field("subj"));
    }

    static PathItem pathByName(AuditRecord r) {
        return new PathItem((int) r.fieldLong("item", -1), r.field("name"), r.fieldLong("inode", -1), r.field("dev"),
                (int) r.fieldOctal("mode", -1), id(r, "ouid"), id(r, "ogid"), r.field("nametype"));
    }

    private static List<Path> corpora() throws IOException {
        List<Path> files = new ArrayList<>(ThirdPartyFixturesTest.allFiles());
        files.add(Fixtures.SHARED.resolve("fixtures/captured/benign-containers/audit.log.gz"));
        return files;
    }

    @Test
    void everySyscallAndPathRecordDecodesAsLookupByNameDoes() throws IOException {
        int syscalls = 0;
        int paths = 0;
        for (Path f : corpora()) {
            for (AuditEvent e : Fixtures.read(f, Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT).events()) {
                if (!(e instanceof SyscallEvent s)) {
                    continue;
                }
                AuditRecord sys = s.record(RecordType.SYSCALL);
                assertEquals(callByName(sys), s.call(), f + ": " + sys);
                assertEquals(taskByName(sys), s.task(), f + ": " + sys);
                String key = sys.field("key");
                assertEquals(key == null ? List.of() : List.of(key.split("\u0001")), s.keys(), f + ": " + sys);
                List<PathItem> expected = new ArrayList<>();
                for (AuditRecord r : s.records()) {
                    if (r.type() == RecordType.PATH) {
                        expected.add(pathByName(r));
                    } else if (r.type() == RecordType.CWD && s.cwd() != null) {
                        assertEquals(r.field("cwd"), s.cwd(), f + ": " + r);
                    }
                }
                expected.sort((a, b) -> Integer.compare(a.item(), b.item()));
                assertEquals(expected, s.paths(), f + ": " + sys);
                syscalls++;
                paths += expected.size();
            }
        }
        assertTrue(syscalls > 14_000 && paths > 25_000, syscalls + " syscall events, " + paths + " paths");
    }

    @Test
    void theFirstFieldOfANameWinsAsInLookupByName() {
        AuditRecord sys = Fixtures.rec("type=SYSCALL msg=audit(1.000:5): arch=c000003e syscall=59 pid=7 pid=8 "
                + "success=yes success=no comm=\"a\" comm=\"b\"");
        SyscallEvent e = (SyscallEvent) decoder.decode(sys.eventId(), List.of(sys));
        assertEquals(7, e.task().pid());
        assertEquals(Syscall.Result.SUCCESS, e.call().result());
        assertEquals("a", e.task().comm());
        assertEquals(taskByName(sys), e.task());
    }
}
