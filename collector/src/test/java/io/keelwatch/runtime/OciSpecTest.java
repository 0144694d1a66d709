package io.keelwatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.container.Mount;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OciSpec read(String json) throws Exception {
        return OciSpec.read(JSON.readTree(json));
    }

    @Test
    void privilegedShapeEveryCapNoMaskedPathsHostDevices() throws Exception {
        List<String> caps = new ArrayList<>();
        OciSpec.KNOWN_CAPS.forEach(c -> caps.add("\"CAP_" + c + "\""));
        OciSpec s = read("""
                {"process":{"user":{"uid":0,"gid":0},"capabilities":{"bounding":[%s]}},
                 "linux":{"namespaces":[{"type":"mount"}],"devices":[{"path":"/dev/vda"}],"seccomp":null}}
                """.formatted(String.join(",", caps)));
        assertEquals(List.of("ALL"), s.capAdd());
        assertEquals(List.of(), s.capDrop());
        assertTrue(s.looksPrivileged());
        assertEquals("host", s.pidMode());
        assertEquals("host", s.networkMode());
        assertEquals("host", s.ipcMode());
        assertEquals("unconfined", s.seccomp());
        assertEquals("", s.user());
    }

    @Test
    void addedAndDroppedCapabilitiesAgainstTheDefaultSet() throws Exception {
        OciSpec s = read("""
                {"process":{"user":{"uid":1000,"gid":1000},"capabilities":{"bounding":["CAP_CHOWN","CAP_SYS_ADMIN",
                 "CAP_KILL"]},"apparmorProfile":"cri-containerd.apparmor.d"},
                 "mounts":[{"destination":"/data","type":"bind","source":"/srv","options":["rbind","rshared","rw"]},
                           {"destination":"/proc","type":"proc","source":"proc"},
                           {"destination":"/ro","type":"none","source":"/etc","options":["bind","ro"]}],
                 "linux":{"namespaces":[{"type":"pid"},{"type":"network","path":"/proc/9/ns/net"},{"type":"ipc"},
                  {"type":"user"}],"seccomp":{"defaultAction":"SCMP_ACT_ERRNO"},"maskedPaths":["/proc/kcore"]}}
                """);
        assertEquals(List.of("SYS_ADMIN"), s.capAdd());
        assertTrue(s.capDrop().contains("NET_RAW") && !s.capDrop().contains("CHOWN"), s.capDrop().toString());
        assertEquals(List.of(new Mount("bind", "/srv", "/data", true, "rshared"),
                new Mount("bind", "/etc", "/ro", false, "")), s.mounts(), "proc is no host path");
        assertEquals("", s.pidMode());
        assertEquals("container", s.networkMode(), "joins the pod's network namespace");
        assertEquals("private", s.ipcMode());
        assertEquals("private", s.usernsMode());
        assertEquals("1000:1000", s.user());
        assertEquals("", s.seccomp());
        assertEquals("cri-containerd.apparmor.d", s.apparmor());
        assertFalse(s.looksPrivileged());
    }

    @Test
    void notAnObjectIsEmpty() throws Exception {
        assertEquals(OciSpec.EMPTY, read("\"x\""));
        assertEquals(OciSpec.EMPTY, OciSpec.read(null));
    }
}
