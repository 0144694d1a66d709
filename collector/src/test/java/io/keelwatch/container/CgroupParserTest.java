package io.keelwatch.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CgroupParserTest {
    private static final String ID = "8a9c34821649976a96c078d728aca45393a7b80af196e4918473d0c8fe9a796b";

    @Test
    void dockerCgroupfsOnCgroupV1AsThisHostWritesIt() {
        // Captured on this host (Docker 20.10, cgroupfs driver, cgroup v1 plus the empty v2 line).
        String text = "9:name=systemd:/docker/" + ID + "\n8:pids:/docker/" + ID + "\n4:memory:/docker/" + ID
                + "\n1:cpu:/docker/" + ID + "\n0::/docker/" + ID + "\n";
        assertEquals(ID, CgroupParser.containerId(text));
    }

    @Test
    void dockerSystemdDriverOnCgroupV2() {
        assertEquals(ID, CgroupParser.containerId("0::/system.slice/docker-" + ID + ".scope\n"));
    }

    @Test
    void containerdCriUnderKubepodsSystemdSlices() {
        assertEquals(ID, CgroupParser.containerId("0::/kubepods.slice/kubepods-besteffort.slice/"
                + "kubepods-besteffort-pod1b2c3d4e_5f60_7a8b_9c0d_e1f2a3b4c5d6.slice/cri-containerd-" + ID + ".scope"));
    }

    @Test
    void containerdCriUnderKubepodsCgroupfs() {
        assertEquals(ID, CgroupParser.containerId(
                "11:memory:/kubepods/besteffort/pod1b2c3d4e-5f60-7a8b-9c0d-e1f2a3b4c5d6/" + ID + "\n"));
    }

    @Test
    void crioAndPodmanScopes() {
        assertEquals(ID, CgroupParser.containerId("0::/kubepods.slice/kubepods-pod1.slice/crio-" + ID + ".scope"));
        assertEquals(ID, CgroupParser.containerId("0::/machine.slice/libpod-" + ID + ".scope/container"));
    }

    @Test
    void conmonMonitorsAreHostProcesses() {
        assertNull(CgroupParser.containerId("0::/machine.slice/libpod-conmon-" + ID + ".scope"));
        assertNull(CgroupParser.containerId("0::/kubepods.slice/crio-conmon-" + ID + ".scope"));
    }

    @Test
    void hostProcessesHaveNoContainer() {
        // This host's own shell: cgroup v1 with a non-container memory cgroup.
        String text = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/065d8d7e22e084d1ffa1509f794bb48c\n0::/\n";
        assertNull(CgroupParser.containerId(text));
        assertNull(CgroupParser.containerId("0::/system.slice/docker.service\n"));
        assertNull(CgroupParser.containerId("0::/user.slice/user-0.slice/session-3.scope"));
        assertNull(CgroupParser.containerId(""));
        assertNull(CgroupParser.containerId(null));
    }

    @Test
    void longerHexRunIsNotAnId() {
        assertNull(CgroupParser.containerId("0::/docker/a" + ID));
        assertNull(CgroupParser.containerId("0::/docker/" + ID.substring(1)));
    }

    @Test
    void nestedContainersNameTheDeepest() {
        String inner = "0123456789abcdef".repeat(4);
        assertEquals(inner, CgroupParser.containerId("0::/docker/" + ID + "/docker/" + inner));
    }
}
