package io.keelwatch.runtime.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.LifecycleEvent;
import io.keelwatch.input.HostInput;
import org.junit.jupiter.api.Test;

class RuntimeEventDecoderTest {
    private final RuntimeEventDecoder decoder = new RuntimeEventDecoder();

    private LifecycleEvent containerd(String json) {
        return decoder.decode(new HostInput.RuntimeEvent(0, "containerd", json));
    }

    @Test
    void containerdTopicsBecomeDockersVerbs() {
        String at = "\"timestamp\":\"2026-12-02T20:04:01.495525360Z\",\"namespace\":\"k8s.io\"";
        assertEquals(new LifecycleEvent("c1", "create", ContainerInfo.CONTAINERD, 1796241841495525360L),
                containerd("{" + at + ",\"topic\":\"/containers/create\",\"event\":{\"id\":\"c1\",\"image\":\"i\"}}"));
        assertEquals("start", containerd("{" + at + ",\"topic\":\"/tasks/start\",\"event\":{\"container_id\":\"c1\","
                + "\"pid\":42}}").verb());
        assertEquals("die", containerd("{" + at + ",\"topic\":\"/tasks/exit\",\"event\":{\"container_id\":\"c1\","
                + "\"id\":\"c1\",\"pid\":42}}").verb());
        assertEquals("destroy", containerd("{" + at + ",\"topic\":\"/containers/delete\",\"event\":{\"id\":\"c1\"}}")
                .verb());
        assertEquals("exec_start", containerd("{" + at + ",\"topic\":\"/tasks/exec-started\",\"event\":"
                + "{\"container_id\":\"c1\",\"exec_id\":\"e1\",\"pid\":43}}").verb());
        assertEquals(5, decoder.decoded());
    }

    @Test
    void execExitsDockersNamespaceAndOtherTopicsAreIgnored() {
        assertNull(containerd("{\"namespace\":\"k8s.io\",\"topic\":\"/tasks/exit\",\"event\":{\"container_id\":\"c1\","
                + "\"id\":\"exec-1\"}}"), "an exec'd process ended, not the container");
        assertNull(containerd("{\"namespace\":\"moby\",\"topic\":\"/tasks/start\",\"event\":{\"container_id\":\"c1\"}}"),
                "Docker's own events describe its containers");
        assertNull(containerd("{\"namespace\":\"k8s.io\",\"topic\":\"/images/update\"}"));
        assertEquals(3, decoder.ignored());
        assertEquals(0, decoder.malformed());
    }

    @Test
    void criEventTypes() {
        LifecycleEvent e = decoder.decode(new HostInput.RuntimeEvent(0, "cri cri-o",
                "{\"container_id\":\"c2\",\"container_event_type\":\"CONTAINER_STARTED_EVENT\",\"created_at\":\"17\"}"));
        assertEquals(new LifecycleEvent("c2", "start", "cri-o", 17), e);
        assertEquals("create", decoder.decode(new HostInput.RuntimeEvent(0, "cri cri-o",
                "{\"container_id\":\"c2\"}")).verb(), "protobuf JSON leaves the first enum value out");
        assertEquals("die", decoder.decode(new HostInput.RuntimeEvent(0, "cri cri-o",
                "{\"container_id\":\"c2\",\"container_event_type\":\"CONTAINER_STOPPED_EVENT\"}")).verb());
        assertEquals("destroy", decoder.decode(new HostInput.RuntimeEvent(0, "cri cri-o",
                "{\"container_id\":\"c2\",\"container_event_type\":\"CONTAINER_DELETED_EVENT\"}")).verb());
    }

    @Test
    void unreadableEventsAreCountedWithTheirPart() {
        assertNull(containerd("not json"));
        assertNull(containerd("{\"namespace\":\"k8s.io\"}"));
        assertTrue(decoder.lastError().contains("topic"), decoder.lastError());
        assertNull(containerd("{\"topic\":\"/tasks/start\",\"event\":{}}"));
        assertTrue(decoder.lastError().contains("event.id"), decoder.lastError());
        assertNull(decoder.decode(new HostInput.RuntimeEvent(0, "cri cri-o",
                "{\"container_id\":\"c\",\"container_event_type\":\"SOMETHING_NEW\"}")));
        assertNull(decoder.decode(new HostInput.RuntimeEvent(0, "podman", "{}")));
        assertEquals(5, decoder.malformed());
        assertEquals(0, decoder.decoded());
    }
}
