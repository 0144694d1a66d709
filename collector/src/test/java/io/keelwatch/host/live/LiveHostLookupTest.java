package io.keelwatch.host.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.docker.DockerApi;
import io.keelwatch.docker.InspectParser;
import io.keelwatch.host.HostLookup;
import io.keelwatch.process.ProcStat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("host")
class LiveHostLookupTest {

    @Test
    void readsThisProcessFromProc() throws java.io.IOException {
        LiveHostLookup host = new LiveHostLookup(Path.of("/proc"), null);
        int pid = (int) ProcessHandle.current().pid();
        ProcStat stat = ProcStat.parse(host.stat(pid));
        assertEquals(pid, stat.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), stat.ppid());
        assertTrue(host.exe(pid).endsWith("/java"), host.exe(pid));
        assertEquals(System.getProperty("user.dir"), host.cwd(pid));
        assertTrue(ProcStat.argv(host.cmdline(pid)).get(0).endsWith("java"));
        assertEquals(0, ProcStat.realUid(host.status(pid)));
        assertNotNull(host.cgroup(pid));
        assertTrue(host.pids().contains("\n" + pid + "\n") || host.pids().startsWith(pid + "\n"));
        long boot = Long.parseLong(host.bootTime());
        long started = stat.startEpochMs(boot);
        assertTrue(started <= System.currentTimeMillis() && started > boot, "start " + started);
        long btime = Long.parseLong(java.nio.file.Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(l -> l.startsWith("btime ")).findFirst().orElseThrow().substring(6));
        assertTrue(Math.abs(boot - btime * 1000) < 2_000, "boot " + boot + " vs btime " + btime);
    }

    @Test
    void goneProcessesAndMissingDockerAnswerNothing() {
        LiveHostLookup host = new LiveHostLookup(Path.of("/proc"), null);
        assertNull(host.stat(Integer.MAX_VALUE - 1));
        assertNull(host.cgroup(Integer.MAX_VALUE - 1));
        assertNull(host.lookup(HostLookup.PROC_STAT, "../self"), "only pids are read");
        assertNull(host.inspectContainer("a".repeat(64)));
        assertNull(host.runningContainers());
        assertThrows(IllegalArgumentException.class, () -> host.lookup("proc.environ", "1"));
    }

    @Test
    void saysWhichLayerHoldsAFileWithAStatPerLayerAndNoEscape(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path upper = java.nio.file.Files.createDirectories(tmp.resolve("diff/tmp"));
        Path image = java.nio.file.Files.createDirectories(tmp.resolve("image/usr/bin"));
        java.nio.file.Files.writeString(upper.resolve("payload"), "x");
        java.nio.file.Files.writeString(image.resolve("env"), "x");
        java.nio.file.Files.createSymbolicLink(upper.resolve("link"), Path.of("/bin/sh"));
        java.nio.file.Files.writeString(tmp.resolve("outside"), "x");
        String u = tmp.resolve("diff").toString();
        List<String> lower = List.of(tmp.resolve("init").toString(), tmp.resolve("image").toString());
        LiveHostLookup host = new LiveHostLookup(Path.of("/proc"), null);
        assertEquals("upper", host.layerOf(u, lower, "/tmp/payload"));
        assertEquals("lower", host.layerOf(u, lower, "/usr/bin/env"), "from the image");
        assertEquals("none", host.layerOf(u, lower, "/tmp/link"), "a planted symlink is not followed");
        assertEquals("none", host.layerOf(u, lower, "/tmp/gone"), "written and removed, or on another file system");
        assertEquals("none", host.layerOf(tmp.resolve("removed").toString(), lower, "/tmp/payload"),
                "the container is gone, its image is not: in no layer");
        assertNull(host.layerOf(tmp.resolve("removed").toString(), List.of(tmp.resolve("nolayer").toString()), "/tmp/x"),
                "no layer to be seen (storage not mounted): cannot say");
        assertNull(host.layerOf(u, lower, "/../outside"), "not a normal path");
        assertNull(host.layerOf(u, lower, "tmp/payload"), "not absolute");
        assertNull(host.layerOf(u, lower, "/"), "no file named");
        assertNull(host.lookup(HostLookup.FS_UPPER_FILE, u + "\n/tmp/payload"), "no lower part");
    }

    @Test
    void asksDockerForRunningContainersInspectsAndImages() throws Exception {
        Process run = new ProcessBuilder("docker", "run", "-d", "--rm", "local/busybox:1", "sleep", "30")
                .redirectErrorStream(true).start();
        String id = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, run.waitFor(), id);
        try (DockerApi api = new DockerApi(Path.of(DockerApi.DEFAULT_SOCKET))) {
            LiveHostLookup host = new LiveHostLookup(Path.of("/proc"), api);
            assertTrue(List.of(host.runningContainers().split("\n")).contains(id));
            String inspect = host.inspectContainer(id);
            assertEquals(id, InspectParser.container(inspect).id());
            int initPid = InspectParser.container(inspect).initPid();
            assertTrue(host.cgroup(initPid).contains(id), "the init's cgroup names the container");
            String imageId = InspectParser.container(inspect).imageId();
            assertEquals(imageId, InspectParser.image(host.inspectImage("local/busybox:1")).id());
            assertNull(host.inspectContainer("0".repeat(64)), "404 is an empty answer");
            // a docker exec session: what an exec_create event names, inspected as the registry does
            long since = System.currentTimeMillis() / 1000 - 1;
            Process exec = new ProcessBuilder("docker", "exec", "-u", "0", id, "sh", "-c", "true")
                    .redirectErrorStream(true).start();
            assertEquals(0, exec.waitFor(), new String(exec.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Process events = new ProcessBuilder("docker", "events", "--since", Long.toString(since), "--until",
                    Long.toString(System.currentTimeMillis() / 1000 + 1), "--filter",
                    "container=" + id, "--filter", "event=exec_create", "--format", "{{index .Actor.Attributes \"execID\"}}")
                    .redirectErrorStream(true).start();
            String execId = new String(events.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(0, events.waitFor(), execId);
            io.keelwatch.container.ExecSession session = InspectParser.exec(host.inspectExec(execId));
            assertEquals(new io.keelwatch.container.ExecSession(execId, false, "0", false, List.of("sh", "-c", "true")),
                    session);
            assertNull(host.inspectExec("0".repeat(64)), "an unknown session is an empty answer");
            assertEquals(0, host.dockerFailures());
        } finally {
            new ProcessBuilder("docker", "rm", "-f", id).start().waitFor();
        }
    }
}
