package io.keelwatch.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.docker.InspectParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The risk predicate over real {@code docker inspect} documents captured on this project's host (Docker
 * 20.10, busybox; resources io/keelwatch/container/inspect/, named for the flags they were run with).
 */
class KernelWriteRiskTest {

    private static ContainerInfo fixture(String name) throws IOException {
        try (InputStream in = KernelWriteRiskTest.class.getResourceAsStream("inspect/" + name + ".json")) {
            return InspectParser.container(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aDefaultContainerCannotWriteKernelKnobs() throws IOException {
        ContainerInfo c = fixture("default");
        assertTrue(c.readonlyPaths().contains("/proc/sys"), "docker's default read-only paths: " + c.readonlyPaths());
        assertTrue(c.maskedPaths().contains("/proc/kcore"), c.maskedPaths().toString());
        assertEquals(Optional.empty(), KernelWriteRisk.of(c));
    }

    @Test
    void eachWayToReachTheKnobsIsNamed() throws IOException {
        Map<String, String> expected = Map.of(
                "privileged", "privileged",
                "sysadmin", "CAP_SYS_ADMIN",
                "strong", "CAP_SYS_ADMIN",    // --cap-add ALL, systempaths=unconfined: the first reason found
                "systempaths", "systempaths=unconfined",
                "proc-rw", "writable bind of /proc at /hostproc",
                "cgroup-rw", "writable bind of /sys/fs/cgroup at /hostcg",
                "root-rw", "writable bind of / at /host");
        expected.forEach((name, why) -> {
            try {
                assertEquals(Optional.of(why), KernelWriteRisk.of(fixture(name)), name);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void unconfinedSystemPathsShowAsEmptyListsInInspect() throws IOException {
        ContainerInfo c = fixture("systempaths");
        assertEquals(List.of(), c.maskedPaths());
        assertEquals(List.of(), c.readonlyPaths());
        assertTrue(fixture("privileged").privileged());
    }

    @Test
    void allCapabilitiesButSysAdminAndAReadOnlySysBindAreNotRisky() throws IOException {
        ContainerInfo allBut = fixture("all-but-sysadmin");
        assertEquals(List.of("ALL"), allBut.capAdd());
        assertTrue(allBut.capDrop().contains("SYS_ADMIN"));
        assertEquals(Optional.empty(), KernelWriteRisk.of(allBut));
        assertEquals(Optional.empty(), KernelWriteRisk.of(fixture("sys-ro")));
    }

    @Test
    void anExplicitlyAddedSysAdminSurvivesDropAll() {
        ContainerInfo c = withCaps(List.of("SYS_ADMIN"), List.of("ALL"));
        assertEquals(Optional.of("CAP_SYS_ADMIN"), KernelWriteRisk.of(c));
        assertEquals(Optional.empty(), KernelWriteRisk.of(withCaps(List.of("ALL"), List.of("ALL"))));
    }

    @Test
    void aContainerKnownOnlyByItsIdIsNotJudgedRisky() {
        assertEquals(Optional.empty(), KernelWriteRisk.of(ContainerInfo.idOnly("a".repeat(64))));
        assertEquals(Optional.empty(), KernelWriteRisk.of(ContainerInfo.named("a".repeat(64), "x", "busybox")));
    }

    private static ContainerInfo withCaps(List<String> add, List<String> drop) {
        try {
            ContainerInfo d = fixture("default");
            return new ContainerInfo(d.id(), d.name(), d.image(), d.imageId(), null, d.created(), d.started(), false,
                    add, drop, "", "", "", "", "", "", List.of(), List.of(), "", Map.of(), 0, d.maskedPaths(),
                    d.readonlyPaths(), "");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
