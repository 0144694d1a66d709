package io.keelwatch.audit;

import static io.keelwatch.audit.Fixtures.rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventDecoderTest {
    private final EventDecoder decoder = new EventDecoder();
    private static final String H = " msg=audit(1700000000.123:77): ";

    private AuditEvent decode(String... lines) {
        List<AuditRecord> recs = java.util.Arrays.stream(lines).map(Fixtures::rec).toList();
        return decoder.decode(recs.get(0).eventId(), recs);
    }

    private static String sys(String arch, int nr, String extra) {
        return "type=SYSCALL" + H + "arch=" + arch + " syscall=" + nr + " success=no exit=-13 a0=ffffff9c a1=7ffd1 a2=0 a3=0 "
                + "items=1 ppid=10 pid=11 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
                + "tty=(none) ses=4294967295 comm=\"cat\" exe=\"/usr/bin/cat\" " + extra;
    }

    @Test
    void syscallAndTaskFields() {
        SyscallEvent e = (SyscallEvent) decode(sys("c000003e", 257, "subj=unconfined key=\"kw_write\""),
                "type=PROCTITLE" + H + "proctitle=636174002F6574632F736861646F7700");
        Syscall c = e.call();
        assertEquals("x86_64", c.arch());
        assertEquals("openat", c.name());
        assertEquals(Syscall.Result.FAILURE, c.result());
        assertEquals(-13, c.exit());
        assertEquals("EACCES", c.exitName());
        assertEquals(0xffffff9cL, c.a0());
        assertEquals(1, c.items());
        Task t = e.task();
        assertEquals(11, t.pid());
        assertEquals(10, t.ppid());
        assertEquals(-1, t.auid());
        assertEquals(-1, t.ses());
        assertNull(t.tty());
        assertEquals("cat", t.comm());
        assertEquals("/usr/bin/cat", t.exe());
        assertEquals("unconfined", t.subj());
        assertEquals(List.of("kw_write"), e.keys());
        assertEquals(List.of("cat", "/etc/shadow"), e.proctitle(), "trailing NUL adds no empty part");
    }

    @Test
    void syscallNamesPerArch() {
        assertEquals("execve", ((SyscallEvent) decode(sys("c00000b7", 221, "key=(null)"))).call().name());
        assertEquals("clone3", ((SyscallEvent) decode(sys("c00000b7", 435, "key=(null)"))).call().name());
        assertEquals("socketcall", ((SyscallEvent) decode(sys("40000003", 102, "key=(null)"))).call().name());
        SyscallEvent riscv = (SyscallEvent) decode(sys("c00000f3", 221, "key=(null)"));
        assertEquals("riscv64", riscv.call().arch());
        assertEquals("unknown(221)", riscv.call().name());
        assertEquals(List.of(), riscv.keys());
        assertEquals(59, AuditArch.syscallNumber("x86_64", "execve"));
        assertEquals(203, AuditArch.syscallNumber("aarch64", "connect"));
        assertEquals("unknown(deadbeef)", AuditArch.name(0xdeadbeefL));
    }

    @Test
    void errnoNames() {
        assertEquals("EINPROGRESS", Errno.forExit(-115));
        assertEquals("ENOENT", Errno.forExit(-2));
        assertEquals("EPERM", Errno.forExit(-1));
        assertNull(Errno.forExit(0));
        assertNull(Errno.forExit(3));
        assertNull(Errno.forExit(-99999));
    }

    @Test
    void execveWithSplitAndRepeatedRecordsAndSkippedEmptyArgs() {
        SyscallEvent e = (SyscallEvent) decode(sys("c000003e", 59, "key=(null)"),
                "type=EXECVE" + H + "argc=5 a0=\"sh\" a1=\"-c\" a2_len=12 a2[0]=6563686F",
                "type=EXECVE" + H + " a2[1]=206869 a3=\"x y\"");
        assertEquals(List.of("sh", "-c", "echo hi", "x y", ""), e.argv());
    }

    @Test
    void executionArgumentSplitInsideAUtf8CharacterIsJoinedAsBytes() {
        SyscallEvent e = (SyscallEvent) decode(sys("c000003e", 59, "key=(null)"),
                "type=EXECVE" + H + "argc=1 a0_len=4 a0[0]=C3",
                "type=EXECVE" + H + "a0[1]=A9");
        assertEquals(List.of("\u00e9"), e.argv());
    }

    @Test
    void keysJoinedWith0x01() {
        SyscallEvent e = (SyscallEvent) decode(sys("c000003e", 59, "key=6B775F65786563016B775F6E6574"));
        assertEquals(List.of("kw_exec", "kw_net"), e.keys());
    }

    @Test
    void pathItemsInItemOrder() {
        SyscallEvent e = (SyscallEvent) decode(sys("c000003e", 59, "key=(null)"),
                "type=PATH" + H + "item=1 name=\"/lib64/ld.so\" inode=7 dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
                "type=PATH" + H + "item=0 name=2F746D702F6120622E7368 inode=9 dev=fe:01 mode=0100644 ouid=1000 ogid=4294967295 nametype=CREATE",
                "type=CWD" + H + "cwd=\"/root\"");
        assertEquals(List.of(new PathItem(0, "/tmp/a b.sh", 9, "fe:01", 0100644, 1000, -1, "CREATE"),
                new PathItem(1, "/lib64/ld.so", 7, "fe:00", 0100755, 0, 0, "NORMAL")), e.paths());
        assertEquals("/root", e.cwd());
    }

    private SockAddr saddr(String arch, String hex) {
        return ((SyscallEvent) decode(sys(arch, 42, "key=(null)"), "type=SOCKADDR" + H + "saddr=" + hex)).sockaddr();
    }

    @Test
    void sockaddrFamilies() {
        assertEquals(new SockAddr.Inet(false, "169.254.169.254", 80), saddr("c000003e", "02000050A9FEA9FE0000000000000000"));
        assertEquals(new SockAddr.Inet(true, "::ffff:10.0.0.1", 443),
                saddr("c000003e", "0A0001BB0000000000000000000000000000FFFF0A00000100000000"));
        assertEquals(new SockAddr.Inet(true, "2001:db8::1", 53),
                saddr("c000003e", "0A0000350000000020010DB800000000000000000000000100000000"));
        assertEquals(new SockAddr.Unix("/var/run/nscd/socket", false),
                saddr("c000003e", "01002F7661722F72756E2F6E7363642F736F636B65740000603B7B47FC7F"));
        assertEquals(new SockAddr.Unix("dbus", true), saddr("c000003e", "01000064627573"));
        assertEquals(new SockAddr.Unix("", false), saddr("c000003e", "0100"));
        assertEquals(new SockAddr.Netlink(4321, 1), saddr("c000003e", "10000000E110000001000000"));
        assertEquals(new SockAddr.Other(0, "00000000000000000000000000000000"),
                saddr("c000003e", "00000000000000000000000000000000"));
        assertEquals(new SockAddr.Inet(false, "0.0.0.0", 55555), saddr("80000015", "0002D903000000000000000000000000"),
                "big-endian family");
    }

    @Test
    void eventsWithoutSyscallStayStandalone() {
        AuditEvent e = decode("type=USER_LOGIN" + H + "pid=1 uid=0 msg='op=login acct=\"root\" res=success'");
        StandaloneEvent s = assertInstanceOf(StandaloneEvent.class, e);
        assertEquals("root", s.records().get(0).field("acct"));
    }
}
