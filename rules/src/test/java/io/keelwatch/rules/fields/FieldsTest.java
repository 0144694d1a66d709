package io.keelwatch.rules.fields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerState;
import io.keelwatch.container.Mount;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.testing.Ev;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field's mapping onto audit events and container state, rendered as an output would show it. */
class FieldsTest {

    private static String f(String field, EnrichedEvent e) {
        EvalContext c = new EvalContext();
        c.reset(e);
        return value(field, c);
    }

    private static String value(String field, EvalContext c) {
        int b = field.indexOf('[');
        String name = b < 0 ? field : field.substring(0, b);
        String arg = b < 0 ? null : field.substring(b + 1, field.length() - 1);
        FieldDef d = Fields.lookup(name);
        if (d == null) {
            throw new AssertionError("no field " + name);
        }
        return Fields.render(d.bind(arg), c);
    }

    private static final ContainerInfo WEB = new ContainerInfo(
            "3f1c2d4e5a6b7c8d9e0f3f1c2d4e5a6b7c8d9e0f3f1c2d4e5a6b7c8d9e0fabcd", "web", "registry:5000/team/app:1.4@sha256:feed",
            "sha256:aaaa", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"), true, List.of("SYS_ADMIN"), List.of("MKNOD"), "unconfined", "",
            "host", "bridge", "", "", List.of(new Mount("bind", "/", "/host", true, "rprivate"),
                    new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false, "")),
            List.of("/dev/vda"), "", Map.of(ContainerInfo.K8S_POD_NAME, "api-7d9", ContainerInfo.K8S_POD_NAMESPACE, "prod"), 77,
            List.of(), List.of(), "");

    @Test
    void evtFields() {
        EnrichedEvent e = Ev.syscall("openat").time(1_795_529_066_137L).serial(36680).args(-100, 0, 01101).exit(3)
                .path("/etc/x").key("kw_write").build();
        assertEquals("openat", f("evt.type", e));
        assertEquals("<", f("evt.dir", e));
        assertEquals("36680", f("evt.num", e));
        assertEquals("2026-11-24T14:04:26.137Z", f("evt.time", e));
        assertEquals("1795529066137000000", f("evt.rawtime", e));
        assertEquals("SUCCESS", f("evt.res", e));
        assertEquals("3", f("evt.rawres", e));
        assertEquals("false", f("evt.failed", e));
        assertEquals("true", f("evt.is_open_write", e));
        assertEquals("false", f("evt.is_open_read", e));
        assertEquals("O_WRONLY|O_CREAT|O_TRUNC", f("evt.arg.flags", e));
        assertEquals("kw_write", f("evt.key", e));
        EnrichedEvent failed = Ev.syscall("connect").connect("1.2.3.4", 22).failed(-111, "ECONNREFUSED").build();
        assertEquals("ECONNREFUSED", f("evt.res", failed));
        assertEquals("true", f("evt.failed", failed));
        assertEquals("<NA>", f("evt.is_open_write", failed));
    }

    @Test
    void syscallArguments() {
        assertEquals("PTRACE_ATTACH", f("evt.arg.request", Ev.syscall("ptrace").args(16, 1, 0).build()));
        assertEquals("CLONE_NEWNS|CLONE_NEWUSER", f("evt.arg.flags", Ev.syscall("unshare").args(0x10020000L, 0, 0).build()));
        assertEquals("CLONE_NEWNS", f("evt.arg.nstype", Ev.syscall("setns").args(3, 0x20000, 0).build()));
        EnrichedEvent sock = Ev.syscall("socket").args(17, 3, 0).build();
        assertEquals("AF_PACKET", f("evt.arg.domain", sock));
        assertEquals("SOCK_RAW", f("evt.arg.type", sock));
        assertEquals("raw", f("fd.l4proto", sock));
        assertEquals("tcp", f("fd.l4proto", Ev.syscall("socket").args(2, 0x80001, 0).build()));
        assertEquals("493", f("evt.arg.rawmode", Ev.syscall("fchmodat").args(-100, 0, 0755).path("/tmp/x").build()));
        assertEquals("S_ISUID|S_IRUSR|S_IWUSR|S_IXUSR|S_IXOTH", f("evt.arg.mode", Ev.syscall("chmod").args(0, 04701, 0).path("/tmp/x").build()));
        EnrichedEvent rename = Ev.syscall("rename").cwd("/work").path("/tmp", 040755, "PARENT").path("/sys/fs/cgroup", 040755, "PARENT")
                .path("/tmp/a", 0100644, "DELETE").path("/sys/fs/cgroup/release_agent", 0100644, "CREATE").build();
        assertEquals("/sys/fs/cgroup/release_agent", f("fd.name", rename));
        assertEquals("/tmp/a", f("evt.arg.oldpath", rename));
        assertEquals("/sys/fs/cgroup/release_agent", f("evt.arg.newpath", rename));
        EnrichedEvent mount = Ev.syscall("mount").path("/mnt", 040755, "NORMAL").path("/dev/vda", 060660, "NORMAL").build();
        assertEquals("/mnt", f("evt.arg.dir", mount));
        assertEquals("/dev/vda", f("evt.arg.dev", mount));
        assertEquals("true", f("evt.has_blockdev", mount));
        assertEquals("a0=10 a1=3 a2=0 a3=0", f("evt.args", Ev.syscall("ptrace").args(16, 3, 0).build()));
    }

    @Test
    void fdFieldsForFiles() {
        EnrichedEvent e = Ev.syscall("openat").cwd("/srv").path("data/app.log").exit(5).args(-100, 0, 0).build();
        assertEquals("/srv/data/app.log", f("fd.name", e));
        assertEquals("/srv/data/app.log", f("fd.nameraw", e));
        assertEquals("/srv/data", f("fd.directory", e));
        assertEquals("app.log", f("fd.filename", e));
        assertEquals("f", f("fd.typechar", e));
        assertEquals("file", f("fd.type", e));
        assertEquals("regular", f("fd.filetype", e));
        assertEquals("5", f("fd.num", e));
        assertEquals("-1", f("fd.num", Ev.syscall("openat").path("/nope").failed(-2, "ENOENT").build()));
        EnrichedEvent dir = Ev.syscall("openat").path("/etc", 040755, "NORMAL").build();
        assertEquals("d", f("fd.typechar", dir));
        assertEquals("/etc", f("fd.directory", dir));
    }

    @Test
    void aRefusedCreationNamesItsDirectoryAndASucceededOneNever() {
        // audit records only the PARENT item when the kernel refuses to create a file (EROFS on a read-only mount)
        EnrichedEvent refused = Ev.syscall("openat").path("/host/cron.d/", 040755, "PARENT").failed(-30, "EROFS")
                .args(-100, 0, 01101).build();
        assertEquals("/host/cron.d/", f("fd.name", refused));
        EnrichedEvent created = Ev.syscall("openat").path("/host/cron.d/", 040755, "PARENT").exit(3).args(-100, 0, 01101)
                .build();
        assertEquals("<NA>", f("fd.name", created));
    }

    @Test
    void fdFieldsForSockets() {
        EnrichedEvent c = Ev.syscall("connect").args(3, 0, 16).connect("169.254.169.254", 80).build();
        assertEquals("169.254.169.254:80", f("fd.name", c));
        assertEquals("4", f("fd.typechar", c));
        assertEquals("ipv4", f("fd.type", c));
        assertEquals("169.254.169.254", f("fd.sip", c));
        assertEquals("80", f("fd.sport", c));
        assertEquals("169.254.169.254", f("fd.rip", c));
        assertEquals("80", f("fd.rport", c));
        assertEquals("169.254.169.254", f("fd.dip", c));
        assertEquals("80", f("fd.dport", c));
        assertEquals("<NA>", f("fd.lport", c));
        assertEquals("3", f("fd.num", c));
        assertEquals("169.254.169.254", f("fd.ip", c));
        assertEquals("80", f("fd.port", c));
        assertEquals("ip", f("fd.sockfamily", c));
        assertEquals("true", f("fd.connected", c));
        assertEquals("true", f("fd.name_changed", c));
        assertEquals("false", f("fd.connected", Ev.syscall("connect").connect("1.2.3.4", 1).failed(-111, "ECONNREFUSED").build()));
        assertEquals("true", f("fd.connected", Ev.syscall("connect").connect("1.2.3.4", 1).failed(-115, "EINPROGRESS").build()));
        EnrichedEvent v6 = Ev.syscall("connect").connect("::1", 443).build();
        assertEquals("[::1]:443", f("fd.name", v6));
        assertEquals("6", f("fd.typechar", v6));
        EnrichedEvent b = Ev.syscall("bind").connect("0.0.0.0", 8080).build();
        assertEquals("8080", f("fd.lport", b));
        assertEquals("0.0.0.0", f("fd.lip", b));
        EnrichedEvent u = Ev.syscall("connect").unix("/var/run/docker.sock").build();
        assertEquals("/var/run/docker.sock", f("fd.name", u));
        assertEquals("u", f("fd.typechar", u));
        assertEquals("unix", f("fd.type", u));
    }

    @Test
    void hostPathsThroughMounts() {
        EnrichedEvent e = Ev.syscall("openat").path("/host/etc/crontab").in(WEB).build();
        assertEquals("/etc/crontab", f("fd.hostpath", e));
        assertEquals("/", f("fd.mount.source", e));
        assertEquals("/host", f("fd.mount.dest", e));
        assertEquals("bind", f("fd.mount.type", e));
        assertEquals("true", f("fd.mount.rw", e));
        assertEquals("<NA>", f("fd.hostpath", Ev.syscall("openat").path("/app/x").in(WEB).build()));
        assertEquals("/etc/x", f("fd.hostpath", Ev.syscall("openat").path("/etc/x").build()), "host process: path is host path");
        assertEquals("/bin/bash", f("proc.exe_hostpath", Ev.exec("/host/bin/bash", "bash").in(WEB).build()));
    }

    @Test
    void procFields() {
        EnrichedEvent e = Ev.exec("/bin/busybox", "wget", "-q", "http://x/").comm("exe").pid(300, 200).tty("pts1").cwd("/w")
                .parent("sh", "/bin/busybox", "sh", "-c", "wget -q http://x/").parent("containerd-shim", "/usr/bin/containerd-shim-runc-v2")
                .build();
        assertEquals("exe", f("proc.name", e));
        assertEquals("wget", f("proc.exe", e));
        assertEquals("/bin/busybox", f("proc.exepath", e));
        assertEquals("wget -q http://x/", f("proc.cmdline", e));
        assertEquals("-q http://x/", f("proc.args", e));
        assertEquals("exe,wget,busybox", f("proc.names", e));
        assertEquals("300", f("proc.pid", e));
        assertEquals("200", f("proc.ppid", e));
        assertEquals("/w", f("proc.cwd", e));
        assertEquals(Long.toString((136L << 20) | 1), f("proc.tty", e));
        assertEquals("0", f("proc.tty", Ev.exec("/bin/sh", "sh").build()));
        assertEquals("sh", f("proc.pname", e));
        assertEquals("sh", f("proc.pexe", e));
        assertEquals("/bin/busybox", f("proc.pexepath", e));
        assertEquals("sh -c wget -q http://x/", f("proc.pcmdline", e));
        assertEquals("containerd-shim", f("proc.aname[2]", e));
        assertEquals("sh,containerd-shim", f("proc.aname", e));
        assertEquals("/usr/bin/containerd-shim-runc-v2", f("proc.aexepath[2]", e));
        assertEquals("200", f("proc.apid[1]", e));
        assertEquals("false", f("proc.is_exe_from_memfd", e));
        assertEquals("true", f("proc.is_exe_from_memfd", Ev.exec("/memfd:x (deleted)", "x").build()));
        assertEquals(f("proc.pid", e), f("proc.apid", e), "as Falco, proc.apid without an index is the process itself");
        assertThrows(IllegalArgumentException.class, () -> Fields.lookup("proc.aname").bind("x"));
    }

    @Test
    void userAndGroupFields() {
        EnrichedEvent e = Ev.exec("/bin/id", "id").uid(0).auid(-1).build();
        assertEquals("0", f("user.uid", e));
        assertEquals("root", f("user.name", e));
        assertEquals("-1", f("user.loginuid", e));
        assertEquals("unset", f("user.loginname", e));
        assertEquals("0", f("group.gid", e));
        assertEquals("1000", f("user.name", Ev.exec("/bin/id", "id").uid(1000).build()));
    }

    @Test
    void containerFieldsOnEvents() {
        EnrichedEvent e = Ev.exec("/bin/sh", "sh").time(Instant.parse("2026-11-02T01:00:00Z").toEpochMilli()).in(WEB).build();
        assertEquals("3f1c2d4e5a6b", f("container.id", e));
        assertEquals(WEB.id(), f("container.full_id", e));
        assertEquals("web", f("container.name", e));
        assertEquals("registry:5000/team/app:1.4@sha256:feed", f("container.image", e));
        assertEquals("registry:5000/team/app", f("container.image.repository", e));
        assertEquals("1.4", f("container.image.tag", e));
        assertEquals("sha256:feed", f("container.image.digest", e));
        assertEquals("sha256:aaaa", f("container.image.id", e));
        assertEquals("true", f("container.privileged", e));
        assertEquals("SYS_ADMIN,ALL", f("container.capabilities", e));
        assertEquals("MKNOD", f("container.cap_drop", e));
        assertEquals("/:/host:bind:true:rprivate,/var/run/docker.sock:/var/run/docker.sock:bind:false:", f("container.mounts", e));
        assertEquals("/,/var/run/docker.sock", f("container.mount.source", e));
        assertEquals("/host", f("container.mount.dest[/]", e));
        assertEquals("/", f("container.mount.source[/host]", e));
        assertEquals("/var/run/docker.sock", f("container.mount.source[1]", e));
        assertEquals("/", f("container.mount.source_rw", e));
        assertEquals("/dev/vda", f("container.devices", e));
        assertEquals("unconfined", f("container.seccomp", e));
        assertEquals("host", f("container.pid_mode", e));
        assertEquals("bridge", f("container.network_mode", e));
        assertEquals("3600", f("container.age", e));
        assertEquals(Long.toString(Instant.parse("2026-11-02T00:00:00Z").getEpochSecond() * 1_000_000_000L), f("container.start_ts", e));
        assertEquals("prod", f("k8s.ns.name", e));
        assertEquals("api-7d9", f("k8s.pod.name", e));
        assertEquals("prod", f("container.label[io.kubernetes.pod.namespace]", e));
        assertEquals("docker", f("container.runtime", e));
        assertEquals("<NA>", f("k8s.pod.label[app]", e));
        EnrichedEvent pod = Ev.exec("/bin/sh", "sh").in(new ContainerInfo(WEB.id(), "api", "img", "", null, null, null,
                false, List.of(), List.of(), "", "", "", "", "", "", List.of(), List.of(), "",
                Map.of(ContainerInfo.K8S_POD_NAME, "api-7d9", ContainerInfo.K8S_POD_UID, "u-1"), 9, List.of(), List.of(),
                "", List.of(), ContainerInfo.CONTAINERD, Map.of("app", "shop", "tier", "front"))).build();
        assertEquals("containerd", f("container.runtime", pod));
        assertEquals("containerd", f("container.type", pod));
        assertEquals("u-1", f("k8s.pod.uid", pod));
        assertEquals("shop", f("k8s.pod.label[app]", pod));
        assertEquals("app:shop,tier:front", f("k8s.pod.labels", pod));
        EnrichedEvent host = Ev.exec("/bin/sh", "sh").build();
        assertEquals("host", f("container.id", host));
        assertEquals("host", f("container.name", host));
        assertEquals("<NA>", f("container.image", host));
        assertEquals("latest", ImageRef.tag("busybox"));
        assertNull(ImageRef.tag("busybox@sha256:1"));
    }

    @Test
    void inventoryFields() {
        EvalContext c = new EvalContext();
        c.reset(new ContainerState(WEB, "sha256:bbbb"), Instant.parse("2026-11-12T00:00:00Z").toEpochMilli());
        assertEquals(Long.toString(10 * 86400), value("container.age", c));
        assertEquals(Long.toString(315 * 86400), value("container.image.age", c));
        assertEquals("true", value("container.image.stale", c));
        assertEquals("sha256:bbbb", value("container.image.current_id", c));
        c.reset(new ContainerState(WEB, "sha256:aaaa"), 0);
        assertEquals("false", value("container.image.stale", c));
        c.reset(new ContainerState(WEB, null), 0);
        assertEquals("<NA>", value("container.image.stale", c), "unknown tag resolution is not staleness");
    }

    @Test
    void everyFieldHasATypeAndADescription() {
        java.util.List<String> bare = Fields.all().stream().filter(d -> d.description().isBlank()).map(FieldDef::name).toList();
        assertEquals(java.util.List.of(), bare, "fields without a line in keelwatch/field-descriptions.tsv");
        assertEquals("number", Fields.lookup("proc.pid").typeName());
        assertEquals("list", Fields.lookup("proc.aname").typeName(), "alone: every ancestor");
    }

    @Test
    void clientSideOfAnAcceptAndTheEventSource() {
        io.keelwatch.event.EnrichedEvent acc = Ev.syscall("accept4").connect("172.17.0.5", 51234).build();
        assertEquals("172.17.0.5", f("fd.cip", acc));
        assertEquals("51234", f("fd.cport", acc));
        assertEquals("<NA>", f("fd.cip", Ev.syscall("connect").connect("10.0.0.1", 443).build()), "a connect's local end is not in audit");
        assertEquals("syscall", f("evt.source", acc));
        assertEquals("BPF_PROG_LOAD", f("evt.arg.cmd", Ev.syscall("bpf").args(5, 0, 0).build()));
        assertEquals("99", f("evt.arg.cmd", Ev.syscall("bpf").args(99, 0, 0).build()));
    }

    @Test
    void pathKindsAndAuditHintsSitOnTheFieldsThatCarryThem() {
        java.util.Map<FieldDef.Kind, java.util.List<String>> byKind = new java.util.EnumMap<>(FieldDef.Kind.class);
        for (FieldDef d : Fields.all()) {
            byKind.computeIfAbsent(d.kind(), k -> new java.util.ArrayList<>()).add(d.name());
        }
        assertEquals(java.util.Set.of("fd.name", "fd.hostpath", "evt.arg.path", "evt.arg.name"),
                java.util.Set.copyOf(byKind.get(FieldDef.Kind.PATH)));
        assertEquals(java.util.List.of("fd.directory"), byKind.get(FieldDef.Kind.DIRECTORY));
        for (FieldDef.AuditHint h : FieldDef.AuditHint.values()) {
            assertTrue(Fields.all().stream().anyMatch(d -> d.hints().contains(h)), "no field asks for " + h);
        }
        assertEquals(java.util.Set.of(FieldDef.AuditHint.WRITE_INTENT), Fields.lookup("evt.is_open_write").hints());
        assertEquals(java.util.Set.of(), Fields.lookup("proc.name").hints());
    }
}
