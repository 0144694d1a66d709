package io.keelwatch.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordedHostLookup;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessTableTest {
    static final String C1 = "7ad3ee5a6f24355a12dc5b5771dbfb1650de4b8e8e9572989fc583c174286571";
    static final String C2 = "973774c5ca3a2bea68dde19118e2621fe006e49cd559f9d608198560b81dd668";
    static final long BOOT = 1_795_000_000_000L;

    /** A fake /proc: pid, ppid, comm, exe, cmdline, cgroup container (or null for host). */
    static void proc(RecordedHostLookup h, int pid, int ppid, String comm, String exe, String container,
                     String... argv) {
        String key = Integer.toString(pid);
        h.answer(HostLookup.PROC_STAT, key, pid + " (" + comm + ") S " + ppid
                + " 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1000 0 0");
        h.answer(HostLookup.PROC_CGROUP, key, "1:cpu:/" + (container == null ? "" : "docker/" + container) + "\n");
        h.answer(HostLookup.PROC_CMDLINE, key, String.join("\0", argv) + "\0");
        h.answer(HostLookup.PROC_EXE, key, exe);
        h.answer(HostLookup.PROC_STATUS, key, "Name:\t" + comm + "\nUid:\t0\t0\t0\t0\n");
    }

    static RecordedHostLookup host() {
        RecordedHostLookup h = new RecordedHostLookup();
        h.answer(HostLookup.PROC_BOOT_TIME, "", Long.toString(BOOT));
        h.answer(HostLookup.PROC_PIDS, "", "1\n50\n100\n200\n210\n");
        proc(h, 1, 0, "systemd", "/usr/lib/systemd/systemd", null, "/sbin/init");
        proc(h, 50, 1, "bash", "/usr/bin/bash", null, "bash");
        proc(h, 100, 1, "containerd-shim", "/usr/bin/containerd-shim-runc-v2", null,
                "/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", C1, "-address", "/x.sock");
        proc(h, 200, 100, "httpd", "/bin/busybox", C1, "httpd", "-f");
        proc(h, 210, 200, "sh", "/bin/busybox", C1, "sh", "-c", "loop");
        return h;
    }

    @Test
    void seededProcessesCarryTheirCgroupContainerAndAncestryStopsAtTheContainerInit() {
        ProcessTable t = new ProcessTable(host(), 1024);
        t.seed();
        assertEquals(5, t.size());
        ProcessContext sh = t.context(210);
        assertEquals(C1, sh.self().containerId());
        assertEquals(List.of(200), sh.ancestors().stream().map(ProcessInfo::pid).toList());
        assertEquals("httpd", sh.parent().name());
        ProcessContext init = t.context(200);
        assertEquals("containerd-shim", init.parent().name(), "the init still names its shim as parent");
        ProcessContext bash = t.context(50);
        assertNull(bash.self().containerId());
        assertEquals(List.of(1), bash.ancestors().stream().map(ProcessInfo::pid).toList());
    }

    @Test
    void aShellExecdAfterAConnectInTheSamePidCarriesThePeer() {
        ProcessTable t = new ProcessTable(host(), 1024);
        t.seed();
        t.observe(Events.connect(210, 200, "/bin/busybox", "sh", "10.0.0.9", 4444, 0));
        ProcessContext shell = t.observe(Events.exec(210, 200, "/bin/sh", "sh", "sh", "-i"));
        assertEquals("10.0.0.9:4444", shell.execPeer());
        // the shell's own later events keep it; the next exec replaces it
        assertEquals("10.0.0.9:4444", t.observe(Events.open(210, 200, "/bin/sh", "sh")).execPeer());
        assertNull(t.observe(Events.exec(210, 200, "/bin/busybox", "cat", "cat")).execPeer());
    }

    @Test
    void aRefusedConnectOrAnExecWithoutConnectCarriesNoPeer() {
        ProcessTable t = new ProcessTable(host(), 1024);
        t.seed();
        t.observe(Events.connect(210, 200, "/bin/busybox", "sh", "10.0.0.9", 4444, -111));
        assertNull(t.observe(Events.exec(210, 200, "/bin/sh", "sh", "sh")).execPeer());
        t.observe(Events.connect(50, 1, "/usr/bin/bash", "bash", "10.0.0.9", 80, -115));
        assertEquals("10.0.0.9:80", t.observe(Events.exec(50, 1, "/usr/bin/bash", "bash", "bash", "-i")).execPeer(),
                "a non-blocking connect still in progress is a usable socket");
    }

    @Test
    void execInsideAContainerIsAttributedByItsCgroup() {
        RecordedHostLookup h = host();
        proc(h, 300, 210, "cat", "/bin/busybox", C1, "cat", "/etc/passwd");
        ProcessTable t = new ProcessTable(h, 1024);
        t.seed();
        ProcessContext c = t.observe(Events.exec(300, 210, "/bin/busybox", "cat", "cat", "/etc/passwd"));
        assertEquals(C1, c.self().containerId());
        assertEquals(List.of("cat", "/etc/passwd"), c.self().argv());
        assertEquals(List.of(210, 200), c.ancestors().stream().map(ProcessInfo::pid).toList());
    }

    @Test
    void processGoneBeforeTheLookupInheritsItsParentsContainer() {
        ProcessTable t = new ProcessTable(host(), 1024);
        t.seed();
        // pid 301 has no /proc entry any more: only its parent can say where it ran.
        ProcessContext c = t.observe(Events.exec(301, 210, "/bin/busybox", "true", "true"));
        assertEquals(C1, c.self().containerId());
        assertEquals(1, t.stats().goneBeforeLookup());
    }

    @Test
    void childOfAnUnseenParentLearnsTheParentFromProc() {
        RecordedHostLookup h = host();
        proc(h, 220, 200, "sh", "/bin/busybox", C1, "sh");
        ProcessTable t = new ProcessTable(h, 1024);
        // No seed: the parent 220 is read from /proc when its gone child shows up.
        ProcessContext c = t.observe(Events.exec(330, 220, "/bin/busybox", "wget", "wget", "http://x"));
        assertEquals(C1, c.self().containerId());
        assertEquals(List.of(220, 200), c.ancestors().stream().map(ProcessInfo::pid).toList());
    }

    @Test
    void hostProcessesHaveNoContainer() {
        RecordedHostLookup h = host();
        proc(h, 60, 50, "curl", "/usr/bin/curl", null, "curl", "x");
        ProcessTable t = new ProcessTable(h, 1024);
        t.seed();
        ProcessContext c = t.observe(Events.exec(60, 50, "/usr/bin/curl", "curl", "curl", "x"));
        assertNull(c.self().containerId());
        assertEquals(List.of(50, 1), c.ancestors().stream().map(ProcessInfo::pid).toList());
    }

    @Test
    void forkedChildInheritsAndExitMarksItDead() {
        ProcessTable t = new ProcessTable(host(), 1024);
        t.seed();
        t.observe(Events.clone(210, 200, "/bin/busybox", "sh", 400));
        assertEquals(C1, t.find(400).containerId());
        assertEquals(210, t.find(400).ppid());
        t.observe(Events.thread(210, 200, "/bin/busybox", "sh", 401));
        assertNull(t.find(401), "a thread is not a process");
        t.observe(Events.exit(400, 210, "/bin/busybox", "sh"));
        // pid 400 is taken by a host process later: a new process, not the dead container one.
        RecordedHostLookup none = new RecordedHostLookup();
        ProcessContext reused = t.observe(Events.open(400, 50, "/usr/bin/vim", "vim"));
        assertNull(reused.self().containerId());
        assertEquals(50, reused.parent().pid());
        assertNotNull(none);
    }

    @Test
    void pidReusedWithoutASeenExitIsANewProcess() {
        ProcessTable t = new ProcessTable(HostLookup.none(), 1024);
        t.observe(Events.open(500, 100, "/bin/busybox", "sleep"));
        ProcessContext other = t.observe(Events.open(500, 50, "/usr/bin/python3", "python3"));
        assertEquals("python3", other.self().name());
        assertEquals(50, other.self().ppid());
        assertEquals(1, t.stats().pidReused());
    }

    @Test
    void lateCloneRecordDoesNotLeaveAStaleLiveProcessOnThePid() {
        ProcessTable t = new ProcessTable(HostLookup.none(), 1024);
        t.observe(Events.exec(20, 1, "/bin/sh", "sh", "sh", "-c", "loop"));
        // The child ran on the other CPU and was done before its parent's clone record was written;
        // the record still carries the clone's (earlier) entry time.
        SyscallEvent clone = Events.clone(20, 1, "/bin/sh", "sh", 21);
        t.observe(Events.exec(21, 20, "/bin/true", "true", "true"));
        t.observe(Events.exit(21, 20, "/bin/true", "true"));
        t.observe(clone);
        assertEquals("true", t.find(21).name());
        assertEquals(1, t.stats().lateCloneRecords());
        // pid 21 goes to a process of another parent: it must not inherit anything from the old one.
        t.observe(Events.exec(30, 1, "/usr/sbin/cron", "cron", "cron"));
        ProcessContext reused = t.observe(Events.exec(21, 30, "/bin/busybox", "sh", "sh"));
        assertEquals(30, reused.parent().pid());
        assertEquals("cron", reused.parent().name());
    }

    @Test
    void execUnderAnotherLiveParentIsAnotherProcessOnAReusedPid() {
        RecordedHostLookup h = host();
        ProcessTable t = new ProcessTable(h, 1024);
        t.seed();
        // A process of container C1 whose exit we never saw (killed by a signal).
        t.observe(Events.clone(210, 200, "/bin/busybox", "sh", 600));
        assertEquals(C1, t.find(600).containerId());
        // Its pid is reused by a child of a host shell that execs and is gone before any lookup.
        ProcessContext c = t.observe(Events.exec(600, 50, "/usr/bin/id", "id", "id"));
        assertNull(c.self().containerId(), "not the container process that held the pid before");
        assertEquals(50, c.parent().pid());
    }

    @Test
    void deadProcessesStayWhileTheyHaveLiveDescendantsAndTheBoundHolds() {
        int max = 64;
        ProcessTable t = new ProcessTable(HostLookup.none(), max);
        // A long-lived chain 10 -> 11 -> 12 where 11 dies but 12 lives on.
        t.observe(Events.clone(10, 1, "/bin/sh", "sh", 11));
        t.observe(Events.clone(11, 10, "/bin/sh", "sh", 12));
        t.observe(Events.exit(11, 10, "/bin/sh", "sh"));
        for (int i = 0; i < 10 * max; i++) {
            int pid = 1000 + i;
            t.observe(Events.exec(pid, 10, "/bin/true", "true", "true"));
            t.observe(Events.exit(pid, 10, "/bin/true", "true"));
            t.observe(Events.open(12, 11, "/bin/sh", "sh"));
            t.observe(Events.open(10, 1, "/bin/sh", "sh"));
            assertTrue(t.size() <= max, "size " + t.size());
        }
        ProcessContext c = t.context(12);
        assertEquals(List.of(11, 10), c.ancestors().subList(0, 2).stream().map(ProcessInfo::pid).toList());
        assertTrue(t.stats().evictedDead() > 0);
        assertEquals(0, t.stats().evictedLive());
    }

    @Test
    void contextIsReusedWhileNothingChanged() {
        ProcessTable t = new ProcessTable(host(), 1024);
        t.seed();
        ProcessContext a = t.observe(Events.open(210, 200, "/bin/busybox", "sh"));
        ProcessContext b = t.observe(Events.open(210, 200, "/bin/busybox", "sh"));
        assertTrue(a == b);
        assertEquals(Set.of(C1), Set.of(b.self().containerId()));
    }
}
