package io.keelwatch.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerInfoTest {

    private static ContainerInfo withMounts(Mount... mounts) {
        return new ContainerInfo("a".repeat(64), "c", "img", "sha256:x", null, null, null, false, List.of(),
                List.of(), "", "", "", "", "", "", List.of(mounts), List.of(), "", Map.of(), 0, List.of(), List.of(), "");
    }

    @Test
    void writeThroughBindMountResolvesToHostPath() {
        ContainerInfo c = withMounts(new Mount("bind", "/etc", "/host/etc", true, "rprivate"));
        assertEquals("/etc/cron.d/x", c.hostPathOf("/host/etc/cron.d/x").orElseThrow());
        assertEquals("/etc", c.hostPathOf("/host/etc").orElseThrow());
    }

    @Test
    void longestDestinationWins() {
        ContainerInfo c = withMounts(new Mount("bind", "/", "/host", false, ""),
                new Mount("bind", "/var/run/docker.sock", "/host/var/run/docker.sock", true, ""));
        assertEquals("/var/run/docker.sock", c.hostPathOf("/host/var/run/docker.sock").orElseThrow());
        assertEquals("/etc/shadow", c.hostPathOf("/host/etc/shadow").orElseThrow());
    }

    @Test
    void siblingPrefixIsNotUnderTheMount() {
        ContainerInfo c = withMounts(new Mount("bind", "/etc", "/host/etc", true, ""));
        assertTrue(c.hostPathOf("/host/etcetera/x").isEmpty());
        assertTrue(c.hostPathOf("relative/path").isEmpty());
    }
}
