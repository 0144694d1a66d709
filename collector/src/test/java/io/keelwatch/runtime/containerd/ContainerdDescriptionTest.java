package io.keelwatch.runtime.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.Mount;
import io.keelwatch.runtime.Fixtures;
import io.keelwatch.runtime.RuntimeAnswerException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerdDescriptionTest {

    @Test
    void containerMadeThroughTheApiWithCriLabels() {
        ContainerdDescription.Described d = ContainerdDescription.read(Fixtures.read(Fixtures.CONTAINERD_API));
        ContainerInfo c = d.info();
        assertTrue(d.running());
        assertEquals("k8s.io", d.namespace());
        assertEquals(Fixtures.CONTAINERD_ID, c.id());
        assertEquals("ctr", c.name(), "the CRI container-name label names it");
        assertEquals("ctr-pod", c.podName());
        assertEquals("kw-e2e", c.podNamespace());
        assertEquals(Map.of(), c.podLabels(), "no sandbox: no pod labels");
        assertEquals(ContainerInfo.CONTAINERD, c.runtime());
        assertEquals("docker.io/local/kw-e2e:1", c.image());
        assertEquals("sha256:89f01924eb70b0e7e0ab2417e730f3d030b778de5bb90ea161c28383867f9076", c.imageId(),
                "the image's manifest digest");
        assertEquals(24824, c.initPid());
        assertTrue(c.mounts().contains(new Mount("bind", "/etc", "/host/etc", false, "")), c.mounts().toString());
        assertFalse(c.privileged());
        assertTrue(c.created() != null);
    }

    @Test
    void sandboxLabelsArePodLabelsLessTheCrisOwn() {
        String doc = """
                {"namespace":"k8s.io","container":{"id":"c1","labels":{"io.kubernetes.container.name":"app",
                 "io.kubernetes.pod.name":"p","io.cri-containerd.kind":"container"},"image":"img"},
                 "task":{"pid":7,"status":"STOPPED"},"image":null,
                 "sandbox":{"id":"s1","labels":{"app":"shop","io.kubernetes.pod.name":"p","io.cri-containerd.kind":"sandbox"}}}
                """;
        ContainerdDescription.Described d = ContainerdDescription.read(doc);
        assertFalse(d.running());
        assertEquals(0, d.info().initPid(), "a stopped task has no live pid");
        assertEquals(Map.of("app", "shop"), d.info().podLabels());
        assertEquals("", d.info().imageId());
    }

    @Test
    void unreadableAnswersNameThePart() {
        assertEquals("$", assertThrows(RuntimeAnswerException.class, () -> ContainerdDescription.read("[")).part());
        assertEquals("container", assertThrows(RuntimeAnswerException.class,
                () -> ContainerdDescription.read("{}")).part());
        assertEquals("container.id", assertThrows(RuntimeAnswerException.class,
                () -> ContainerdDescription.read("{\"container\":{}}")).part());
    }
}
