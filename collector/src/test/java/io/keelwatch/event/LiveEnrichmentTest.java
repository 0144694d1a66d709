package io.keelwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.PathItem;
import io.keelwatch.audit.SockAddr;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.host.RecordedHostLookup;
import io.keelwatch.host.live.LiveHostLookup;
import io.keelwatch.input.HostInput;
import io.keelwatch.process.ProcStat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Against the host's dockerd and kernel audit: events from inside two busybox containers (one plain,
 * one with a host bind mount and added capabilities) carry the right container, including for a
 * process that exited before anything was looked up about it; host processes carry none.
 *
 * <p>The test's processes run as a uid of their own and its audit rules match only that uid, so the
 * rules steal no event from anyone else's rules.
 */
@Tag("host")
class LiveEnrichmentTest {
    private static final int UID = 61713;
    private static final String IMAGE = "local/busybox:1";
    private static final int PORT_PLAIN = 19121;
    private static final int PORT_MOUNTED = 19122;
    private static final int PORT_HOST = 19129;

    private final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
    private final String key = "kw_t_id_" + tag;
    private final List<String> containers = new ArrayList<>();

    @Test
    void eventsFromContainersCarryTheirContainerAndHostEventsNone() throws Exception {
        ensureImage();
        Path hostDir = Files.createDirectories(Path.of("/tmp/kw-id-live-" + tag));
        run("chmod", "777", hostDir.toString());
        List<String> rules = List.of(
                "-a always,exit -F arch=b64 -S execve,execveat -F uid=" + UID + " -k " + key,
                "-a always,exit -F arch=b64 -S open,openat,creat -F uid=" + UID + " -k " + key,
                "-a always,exit -F arch=b64 -S connect -F uid=" + UID + " -k " + key,
                "-a always,exit -F arch=b64 -S clone,fork,vfork,exit_group -F uid=" + UID + " -k " + key);
        try (TestAuditRules owned = new TestAuditRules(rules); LivePipeline pipeline = new LivePipeline()) {
            pipeline.start();
            String plain = startContainer("kwid-plain-" + tag, "/tmp", PORT_PLAIN);
            String mounted = startContainer("kwid-mounted-" + tag, "/host/data", PORT_MOUNTED,
                    "-v", hostDir + ":/host/data", "--cap-add", "NET_ADMIN", "--cap-add", "SYS_PTRACE");

            // docker exec, enriched live while the exec'd process still runs.
            for (String name : List.of("kwid-plain-" + tag, "kwid-mounted-" + tag)) {
                run("docker", "exec", "--user", UID + ":" + UID, "-d", name, "sh", "-c", "sleep 5", "kwid-exec-" + name);
            }
            for (String id : List.of(plain, mounted)) {
                String name = id.equals(plain) ? "kwid-plain-" + tag : "kwid-mounted-" + tag;
                EnrichedEvent exec = await(pipeline, e -> isExec(e) && argvHas(e, "kwid-exec-" + name));
                assertNotNull(exec.container(), "docker exec in " + name + " has no container: " + summary(exec)
                        + " " + counters(pipeline));
                assertEquals(id, exec.container().id());
                assertEquals(name, exec.container().name());
                assertEquals(IMAGE, exec.container().image());
                assertFalse(exec.process().self().exeUpperLayer(), "the image's busybox is in a lower layer");
            }

            // Drift: a copy of busybox made in the running container is in its upper layer; the image's is not.
            String plainName = "kwid-plain-" + tag;
            // (busybox picks its applet by argv[0]: the copy is named true)
            run("docker", "exec", "--user", UID + ":" + UID, plainName, "sh", "-c", "mkdir /tmp/kwdrift-" + tag
                    + " && cp /bin/busybox /tmp/kwdrift-" + tag + "/true && /tmp/kwdrift-" + tag + "/true kwid-drift-" + tag
                    + " && /bin/busybox true kwid-nodrift-" + tag);
            EnrichedEvent dropped = await(pipeline, e -> isExec(e) && argvHas(e, "kwid-drift-" + tag));
            EnrichedEvent shipped = await(pipeline, e -> isExec(e) && argvHas(e, "kwid-nodrift-" + tag));
            assertEquals("/tmp/kwdrift-" + tag + "/true", dropped.process().self().exe());
            assertTrue(dropped.process().self().exeUpperLayer(), "dropped binary: " + summary(dropped));
            assertFalse(shipped.process().self().exeUpperLayer(), "image binary: " + summary(shipped));

            // Hold enrichment, let each container write, run a short-lived process and connect, and
            // let the host do the same; enrich only after the short-lived processes are gone.
            pipeline.hold(true);
            for (String id : List.of(plain, mounted)) {
                int pid = Integer.parseInt(run("docker", "inspect", "-f", "{{.State.Pid}}", id));
                Files.writeString(Path.of("/proc", Integer.toString(pid), "root", "tmp", "go"), "go");
            }
            run("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "sh", "-c",
                    "/bin/true kwid-host-" + tag + "; busybox nc -w 1 127.0.0.1 "
                            + PORT_HOST + " </dev/null || true");
            SyscallEvent shortPlain = awaitHeld(pipeline, e -> isExec(e)
                    && e.argv().contains("kwid-short-" + tag + "-" + PORT_PLAIN));
            awaitHeldCount(pipeline, e -> e.sockaddr() instanceof SockAddr.Inet i && i.port() != PORT_HOST, 2);
            // The short-lived process is gone before the pipeline asks anything about it.
            assertFalse(sameProcessRunning(shortPlain), "short-lived process still running");
            long goneBefore = pipeline.enricher.processes().stats().goneBeforeLookup();
            pipeline.hold(false);

            for (String id : List.of(plain, mounted)) {
                String name = id.equals(plain) ? "kwid-plain-" + tag : "kwid-mounted-" + tag;
                int port = id.equals(plain) ? PORT_PLAIN : PORT_MOUNTED;
                String dir = id.equals(plain) ? "/tmp" : "/host/data";
                EnrichedEvent write = await(pipeline, e -> pathNamed(e, dir + "/kwid-write-" + tag));
                EnrichedEvent connect = await(pipeline, e -> e.audit().sockaddr() instanceof SockAddr.Inet i
                        && i.port() == port);
                EnrichedEvent shortLived = await(pipeline, e -> isExec(e) && argvHas(e, "kwid-short-" + tag + "-" + port));
                for (EnrichedEvent e : List.of(write, connect, shortLived)) {
                    assertNotNull(e.container(), e.audit().id() + " has no container");
                    assertEquals(name, e.container().name(), summary(e) + " " + e.audit().call().name() + " "
                            + e.audit().argv() + " " + e.audit().paths() + " " + e.audit().sockaddr());
                    assertEquals(id, e.container().id());
                    assertEquals(IMAGE, e.container().image());
                }
                assertEquals("sh", shortLived.process().parent().name(), "the short-lived process's parent");
                ContainerInfo c = write.container();
                if (id.equals(mounted)) {
                    assertEquals(List.of(new Mount("bind", hostDir.toString(), "/host/data", true, "rprivate")),
                            c.mounts());
                    assertTrue(c.capAdd().containsAll(List.of("NET_ADMIN", "SYS_PTRACE")), c.capAdd().toString());
                    assertEquals(hostDir + "/kwid-write-" + tag, c.hostPathOf("/host/data/kwid-write-" + tag)
                            .orElseThrow());
                } else {
                    assertTrue(c.mounts().isEmpty(), c.mounts().toString());
                    assertTrue(c.capAdd().isEmpty());
                }
            }
            assertTrue(pipeline.enricher.processes().stats().goneBeforeLookup() > goneBefore);

            EnrichedEvent hostExec = await(pipeline, e -> isExec(e) && argvHas(e, "kwid-host-" + tag));
            EnrichedEvent hostConnect = await(pipeline, e -> e.audit().sockaddr() instanceof SockAddr.Inet i
                    && i.port() == PORT_HOST);
            assertNull(hostExec.container());
            assertNull(hostConnect.container());
            assertNull(hostExec.process().self().containerId());
            pipeline.check();
            System.out.println("live: " + pipeline.enriched.size() + " events enriched, " + counters(pipeline));
            pipeline.close();
            replayGivesTheSameAnswers(pipeline);
        } finally {
            for (String id : containers) {
                run("docker", "rm", "-f", id);
            }
            run("rm", "-rf", hostDir.toString());
        }
    }

    /**
     * The same inputs with the recorded lookup answers instead of the live host (what journal replay
     * does) give the same process and container for every event.
     */
    private static void replayGivesTheSameAnswers(LivePipeline live) {
        RecordedHostLookup recorded = new RecordedHostLookup();
        live.lookups.forEach(recorded::add);
        Enricher replay = Enricher.create(recorded, Enricher.DEFAULT_MAX_PROCESSES);
        replay.start();
        int i = 0;
        int differ = 0;
        String first = null;
        for (Object in : live.inputs) {
            if (in == LivePipeline.RELIST) {
                replay.containers().bootstrap();
            } else if (in instanceof HostInput.DockerEvent d) {
                replay.apply(d);
            } else {
                EnrichedEvent again = replay.enrich((SyscallEvent) in);
                EnrichedEvent before = live.enriched.get(i++);
                if (!summary(again).equals(summary(before))) {
                    differ++;
                    first = first != null ? first : summary(before) + " replayed as " + summary(again);
                }
            }
        }
        assertEquals(live.enriched.size(), i);
        assertEquals(0, differ, differ + " of " + i + " events differ in replay, first: " + first);
        assertEquals(0, recorded.unanswered() + recorded.repeated(), "replay asked what live did not");
        System.out.printf("replay: %d events, %d recorded lookups, same answers%n", i, live.lookups.size());
    }

    private static String counters(LivePipeline p) {
        var c = p.enricher.processes().stats();
        return "pidReused " + c.pidReused() + " startedAfterEvent " + c.startedAfterEvent() + " gone " + c.goneBeforeLookup() + " lateClones " + c.lateCloneRecords()
                + " missedExecs " + c.missedExecs();
    }

    private static String summary(EnrichedEvent e) {
        StringBuilder s = new StringBuilder().append(e.audit().id()).append(' ')
                .append(e.process().self().pid()).append(' ').append(e.process().self().exe()).append(" in ")
                .append(e.container() == null ? "host" : e.container().name() + "/" + e.container().shortId())
                .append(e.process().self().exeUpperLayer() ? " upper" : "");
        e.process().ancestors().forEach(a -> s.append(" < ").append(a.pid()).append(' ').append(a.name()));
        return s.toString();
    }

    /** A container whose main shell, once /tmp/go appears, writes a file, runs a short process and connects. */
    private String startContainer(String name, String dir, int port, String... options) throws Exception {
        String script = "while true; do if [ -e /tmp/go ] && [ ! -e /tmp/done ]; then touch /tmp/done; "
                + "echo data > " + dir + "/kwid-write-" + tag + "; /bin/true kwid-short-" + tag + "-" + port + "; "
                + "nc -w 1 127.0.0.1 " + port + " </dev/null || true; fi; sleep 0.2; done";
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--user", UID + ":" + UID));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of(IMAGE, "sh", "-c", script));
        String id = run(cmd.toArray(String[]::new));
        containers.add(id);
        return id;
    }

    private static boolean isExec(EnrichedEvent e) {
        return isExec(e.audit());
    }

    private static boolean isExec(SyscallEvent e) {
        return e.call().name().equals("execve") && !e.call().failed();
    }

    private static boolean argvHas(EnrichedEvent e, String arg) {
        return e.audit().argv().contains(arg);
    }

    private static boolean pathNamed(EnrichedEvent e, String name) {
        for (PathItem p : e.audit().paths()) {
            if (name.equals(p.name())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the event's process still runs: its pid exists and did not start after the event. */
    private static boolean sameProcessRunning(SyscallEvent e) throws IOException {
        LiveHostLookup host = LiveHostLookup.ofHost();
        ProcStat stat = ProcStat.parse(host.stat(e.task().pid()));
        if (stat == null) {
            return false;
        }
        long boot = Long.parseLong(host.bootTime().strip());
        return stat.startEpochMs(boot) <= e.id().timestampMs() + 1_000;
    }

    /**
     * The first enriched event of the test's uid that matches. Other tests' audit rules may make more
     * events visible (the root-run docker CLI also carries the markers in its arguments).
     */
    private static EnrichedEvent await(LivePipeline p, Predicate<EnrichedEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            p.check();
            for (EnrichedEvent e : p.enriched) {
                if (e.audit().task().uid() == UID && match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching enriched event among " + p.enriched.size() + "; " + p.describe());
    }

    private static SyscallEvent awaitHeld(LivePipeline p, Predicate<SyscallEvent> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            p.check();
            for (SyscallEvent e : p.held) {
                if (e.task().uid() == UID && match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching held event among " + p.held.size());
    }

    private static void awaitHeldCount(LivePipeline p, Predicate<SyscallEvent> match, int n)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            p.check();
            if (p.held.stream().filter(e -> e.task().uid() == UID && match.test(e)).count() >= n) {
                return;
            }
            Thread.sleep(50);
        }
        StringBuilder seen = new StringBuilder();
        for (SyscallEvent e : p.held) {
            seen.append('\n').append(e.id()).append(' ').append(e.call().name()).append(' ').append(e.task().pid()).append(' ')
                    .append(e.task().comm()).append(' ').append(e.argv()).append(' ').append(e.sockaddr());
        }
        throw new AssertionError("fewer than " + n + " matching held events; " + p.describe() + seen);
    }

    private static void ensureImage() throws Exception {
        if (runQuiet("docker", "image", "inspect", IMAGE) != 0) {
            Path script = Path.of(System.getProperty("keelwatch.root", "."), "test-fixtures", "images",
                    "build-busybox-image.sh");
            run("bash", script.toString(), IMAGE);
        }
    }

    private static int runQuiet(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }
}
