package io.keelwatch.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeRoleTest {
    private static final String ID = "7ad3ee5a6f24355a12dc5b5771dbfb1650de4b8e8e9572989fc583c174286571";

    @Test
    void recognisesTheRuntimeProcessesOfTheBenignCapture() {
        List<String> shim = List.of("/usr/bin/containerd-shim-runc-v2", "-namespace", "moby", "-id", ID, "-address",
                "/var/run/docker/containerd/containerd.sock");
        assertEquals(RuntimeRole.SHIM, RuntimeRole.of("/usr/bin/containerd-shim-runc-v2", "containerd-shim", shim));
        assertEquals(ID, RuntimeRole.target(RuntimeRole.SHIM, shim));

        List<String> create = List.of("runc", "--root", "/var/run/docker/runtime-runc/moby", "--log", "/x/log.json",
                "--log-format", "json", "create", "--bundle", "/x", "--pid-file", "/x/init.pid", ID);
        assertEquals(RuntimeRole.RUNC_CLI, RuntimeRole.of("/usr/sbin/runc", "runc", create));
        assertEquals(ID, RuntimeRole.target(RuntimeRole.RUNC_CLI, create));

        List<String> exec = List.of("runc", "--root", "/var/run/docker/runtime-runc/moby", "--log", "/x/log.json",
                "--log-format", "json", "exec", "--process", "/tmp/runc-process1", "--detach", "--pid-file",
                "/x/p.pid", ID);
        assertEquals(RuntimeRole.RUNC_EXEC, RuntimeRole.of("/usr/sbin/runc", "runc", exec));
        assertEquals(ID, RuntimeRole.target(RuntimeRole.RUNC_EXEC, exec));

        assertEquals(RuntimeRole.RUNC_INIT, RuntimeRole.of("/usr/sbin/runc", "exe", List.of("runc", "init")));
        assertEquals(RuntimeRole.RUNC_INIT, RuntimeRole.of("/", "runc:[2:INIT]", List.of()));
        assertEquals(RuntimeRole.OTHER, RuntimeRole.of("/bin/busybox", "exe", List.of("cat", "/etc/hostname")));
        assertEquals(RuntimeRole.OTHER, RuntimeRole.of("/usr/sbin/dockerd", "exe",
                List.of("libnetwork-setkey", "-exec-root=/var/run/docker", ID, "d2d5db003aaf")));
    }

    @Test
    void runcWithoutAContainerArgumentNamesNone() {
        assertNull(RuntimeRole.target(RuntimeRole.RUNC_CLI, List.of("runc", "--version")));
        assertNull(RuntimeRole.target(RuntimeRole.SHIM, List.of("containerd-shim-runc-v2", "-v")));
    }
}
