package io.keelwatch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.event.BenignCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectParserTest {

    @Test
    void parsesEveryContainerOfTheBenignCapture() throws IOException {
        Map<String, ContainerInfo> byName = new HashMap<>();
        for (String json : BenignCapture.inspectDocuments()) {
            ContainerInfo c = InspectParser.container(json);
            byName.put(c.name(), c);
        }
        assertEquals(3, byName.size(), byName.keySet().toString());
        ContainerInfo web = byName.get("kwweb");
        assertEquals("7ad3ee5a6f24355a12dc5b5771dbfb1650de4b8e8e9572989fc583c174286571", web.id());
        assertEquals("local/busybox:1", web.image());
        assertEquals("sha256:dbd70a66e47cbe00b762419d0588c8d1f9a61bad528ed3d6220b99dd721d2f6b", web.imageId());
        assertEquals(Instant.parse("2026-11-24T14:04:26.141876895Z"), web.created());
        assertEquals(Instant.parse("2026-11-24T14:04:26.345655499Z"), web.started());
        assertEquals(24022, web.initPid());
        assertFalse(web.privileged());
        assertTrue(web.capAdd().isEmpty());
        assertEquals("", web.seccompProfile());
        assertEquals("private", web.ipcMode());
        assertNull(web.imageCreated());
        assertEquals(24099, byName.get("kwclient").initPid());
        assertEquals(24176, byName.get("kwworker").initPid());
    }

    @Test
    void readsPrivilegesMountsDevicesAndKubernetesLabels() {
        String json = """
            [{"Id":"%s","Name":"/esc","Created":"2026-11-24T10:00:00.5Z","Image":"sha256:abc",
              "AppArmorProfile":"docker-default",
              "State":{"Running":true,"Pid":4242,"StartedAt":"2026-11-24T10:00:01Z"},
              "HostConfig":{"Privileged":true,"CapAdd":["SYS_ADMIN","cap_net_raw"],"CapDrop":["CAP_MKNOD"],
                "SecurityOpt":["seccomp=unconfined","apparmor=unconfined","no-new-privileges"],
                "PidMode":"host","NetworkMode":"host","IpcMode":"shareable","UsernsMode":"host",
                "Devices":[{"PathOnHost":"/dev/vda","PathInContainer":"/dev/vda","CgroupPermissions":"rwm"}]},
              "Mounts":[{"Type":"bind","Source":"/etc","Destination":"/host/etc","Mode":"","RW":true,
                         "Propagation":"rprivate"},
                        {"Type":"bind","Source":"/","Destination":"/host","RW":false,"Propagation":"rshared"}],
              "Config":{"Image":"local/busybox:1","User":"1000:1000",
                "Labels":{"io.kubernetes.pod.name":"web-0","io.kubernetes.pod.namespace":"prod",
                          "io.kubernetes.container.name":"web"}}}]
            """.formatted("f".repeat(64));
        ContainerInfo c = InspectParser.container(json);
        assertEquals("esc", c.name());
        assertTrue(c.privileged());
        assertEquals(List.of("SYS_ADMIN", "NET_RAW"), c.capAdd());
        assertEquals(List.of("MKNOD"), c.capDrop());
        assertEquals("unconfined", c.seccompProfile());
        assertEquals("unconfined", c.apparmorProfile());
        assertEquals("host", c.pidMode());
        assertEquals("host", c.networkMode());
        assertEquals("shareable", c.ipcMode());
        assertEquals("host", c.usernsMode());
        assertEquals(List.of("/dev/vda"), c.devices());
        assertEquals("1000:1000", c.user());
        assertEquals(List.of(new Mount("bind", "/etc", "/host/etc", true, "rprivate"),
                new Mount("bind", "/", "/host", false, "rshared")), c.mounts());
        assertEquals("web-0", c.podName());
        assertEquals("prod", c.podNamespace());
        assertEquals("web", c.labels().get(ContainerInfo.K8S_CONTAINER_NAME));
        assertEquals(4242, c.initPid());
        assertEquals("/etc/cron.d/x", c.hostPathOf("/host/etc/cron.d/x").orElseThrow());
    }

    @Test
    void seccompProfileFromAFileIsStoredInline() {
        String json = "{\"Id\":\"" + "a".repeat(64) + "\",\"HostConfig\":{\"SecurityOpt\":"
                + "[\"seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_ALLOW\\\"}\"]},\"State\":{},\"Config\":{}}";
        assertEquals("custom", InspectParser.container(json).seccompProfile());
    }

    @Test
    void stoppedContainerHasNoInitPid() {
        String json = "{\"Id\":\"" + "a".repeat(64) + "\",\"State\":{\"Running\":false,\"Pid\":0,"
                + "\"StartedAt\":\"0001-01-01T00:00:00Z\"},\"HostConfig\":{},\"Config\":{}}";
        ContainerInfo c = InspectParser.container(json);
        assertEquals(0, c.initPid());
        assertNull(c.started());
    }

    @Test
    void imageInspectGivesIdCreatedAndTags() {
        ImageInfo i = InspectParser.image("[{\"Id\":\"sha256:968817f8\",\"RepoTags\":[\"local/busybox:1\"],"
                + "\"Created\":\"2026-11-24T21:43:01.123Z\"}]");
        assertEquals("sha256:968817f8", i.id());
        assertEquals(Instant.parse("2026-11-24T21:43:01.123Z"), i.created());
        assertEquals(List.of("local/busybox:1"), i.repoTags());
    }

    @Test
    void malformedDocumentsNameTheField() {
        assertEquals("$", assertThrows(InspectFormatException.class, () -> InspectParser.container("{oops")).field());
        assertEquals("Id", assertThrows(InspectFormatException.class,
                () -> InspectParser.container("{\"Name\":\"/x\"}")).field());
        assertEquals("Created", assertThrows(InspectFormatException.class,
                () -> InspectParser.container("{\"Id\":\"x\",\"Created\":\"yesterday\"}")).field());
    }
}
