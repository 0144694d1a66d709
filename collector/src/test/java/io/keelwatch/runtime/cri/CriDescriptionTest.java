package io.keelwatch.runtime.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.runtime.Fixtures;
import io.keelwatch.runtime.RuntimeAnswerException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriDescriptionTest {

    @Test
    void podContainerFromContainerdsCriHasThePodAndItsMounts() {
        CriDescription.Described d = CriDescription.read(Fixtures.read(Fixtures.CRI_HOSTPATH_ROOT));
        ContainerInfo c = d.info();
        assertTrue(d.running());
        assertEquals("d2a8da91191b3d6fee83d484ad84dab070b59b234d21e4453e6bf4f0c94ee494", d.sandboxId());
        assertEquals(Fixtures.CRI_ID, c.id());
        assertEquals("idler", c.name());
        assertEquals(ContainerInfo.CONTAINERD, c.runtime());
        assertEquals("identity-75a", c.podName());
        assertEquals("kw-e2e", c.podNamespace());
        assertEquals("bea4dbb8-d255-40f0-86db-77f24f40f9f4", c.podUid());
        assertEquals(Map.of("app", "kw-victim", "tier", "front"), c.podLabels());
        assertEquals("docker.io/local/kw-e2e:1", c.image());
        assertEquals("sha256:b1c1a5d5aea57c68c5fe2c6a3ec8a1cfc6c2b64b141e2546d630616f61d0c82a", c.imageId());
        assertEquals(24772, c.initPid());
        assertEquals(Instant.ofEpochSecond(1796241841L, 137589332), c.started());
        assertEquals(new Mount("bind", "/", "/host", false, "rprivate"), c.mounts().get(0));
        assertEquals("host", c.networkMode(), "the sandbox runs on the node's network");
        assertEquals("container", c.pidMode(), "joins the sandbox's pid namespace");
        assertFalse(c.privileged());
        assertEquals(List.of(), c.capAdd(), "the default capability set adds nothing");
        assertEquals("unconfined", c.seccompProfile(), "the CRI was asked for no seccomp profile");
        assertEquals("/etc/shadow", c.hostPathOf("/host/etc/shadow").orElseThrow());
    }

    @Test
    void privilegedFlagOfTheCriConfigIsUsed() {
        String doc = Fixtures.read(Fixtures.CRI_HOSTPATH_ROOT).replace("\\\"security_context\\\":{}",
                "\\\"security_context\\\":{\\\"privileged\\\":true}");
        assertTrue(CriDescription.read(doc).info().privileged());
    }

    @Test
    void crioStyleInfoWithPrivilegedAndNoSandboxStatus() {
        String doc = """
                {"runtime":"cri-o","status":{"status":{"id":"abc","metadata":{"name":"web"},"state":"CONTAINER_EXITED",
                 "labels":{"io.kubernetes.pod.name":"web-1","io.kubernetes.pod.namespace":"shop"},
                 "mounts":[{"container_path":"/data","host_path":"/srv/data","propagation":"PROPAGATION_BIDIRECTIONAL"}]},
                 "info":{"info":"{\\"sandboxID\\":\\"s1\\",\\"pid\\":0,\\"privileged\\":true}"}},"sandbox":null}
                """;
        CriDescription.Described d = CriDescription.read(doc);
        assertFalse(d.running());
        assertEquals(ContainerInfo.CRI_O, d.info().runtime());
        assertTrue(d.info().privileged());
        assertEquals("web-1", d.info().podName());
        assertEquals(List.of(new Mount("bind", "/srv/data", "/data", true, "rshared")), d.info().mounts(),
                "without a runtime spec the status mounts are used");
        assertEquals(0, d.info().initPid());
    }

    @Test
    void unreadableAnswersNameThePart() {
        assertEquals("$", assertThrows(RuntimeAnswerException.class, () -> CriDescription.read("{not json")).part());
        assertEquals("status.status", assertThrows(RuntimeAnswerException.class,
                () -> CriDescription.read("{\"runtime\":\"cri-o\"}")).part());
        assertEquals("status.status.id", assertThrows(RuntimeAnswerException.class,
                () -> CriDescription.read("{\"runtime\":\"cri-o\",\"status\":{\"status\":{}}}")).part());
        assertEquals("info.info", assertThrows(RuntimeAnswerException.class, () -> CriDescription.read(
                "{\"status\":{\"status\":{\"id\":\"x\"},\"info\":{\"info\":\"{oops\"}}}")).part());
    }
}
