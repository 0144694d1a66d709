package io.keelwatch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.BenignCapture;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordedHostLookup;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContainerRegistryTest {
    private static final String IMAGE_ID = "sha256:dbd70a66e47cbe00b762419d0588c8d1f9a61bad528ed3d6220b99dd721d2f6b";

    private static RecordedHostLookup captureHost() throws IOException {
        RecordedHostLookup host = new RecordedHostLookup();
        for (String json : BenignCapture.inspectDocuments()) {
            host.answer(HostLookup.DOCKER_INSPECT, InspectParser.container(json).id(), json);
        }
        host.answer(HostLookup.DOCKER_IMAGE_INSPECT, IMAGE_ID,
                "{\"Id\":\"" + IMAGE_ID + "\",\"Created\":\"2026-11-24T13:59:00Z\",\"RepoTags\":[\"local/busybox:1\"]}");
        return host;
    }

    @Test
    void followsTheCapturedLifecycleFromEventsAndInspects() throws IOException {
        ContainerRegistry registry = new ContainerRegistry(captureHost());
        List<String> events = BenignCapture.dockerEvents();
        int applied = 0;
        for (String json : events) {
            registry.apply(new HostInput.DockerEvent(0, json));
            applied++;
            if (DockerEventMessage.parse(json).verb().equals("start") && registry.running().size() == 3) {
                break;
            }
        }
        assertEquals(Set.of("kwweb", "kwclient", "kwworker"),
                registry.running().stream().map(s -> s.info().name()).collect(Collectors.toSet()));
        ContainerInfo web = registry.find("7ad3ee5a6f24355a12dc5b5771dbfb1650de4b8e8e9572989fc583c174286571");
        assertEquals(24022, web.initPid());
        assertEquals(Instant.parse("2026-11-24T13:59:00Z"), web.imageCreated(), "image created from image inspect");
        for (String json : events.subList(applied, events.size())) {
            registry.apply(new HostInput.DockerEvent(0, json));
        }
        assertTrue(registry.running().isEmpty(), "all destroyed at the end of the capture");
        assertNotNull(registry.find(web.id()), "destroyed containers stay findable for late audit records");
        assertEquals(0, registry.eventsMalformed());
    }

    @Test
    void unknownIdWithoutDockerIsIdOnly() {
        ContainerRegistry registry = new ContainerRegistry(HostLookup.none());
        ContainerInfo c = registry.get("ab".repeat(32));
        assertEquals("ab".repeat(32), c.id());
        assertFalse(c.hasMetadata());
        assertFalse(registry.isKnown(c.id()));
    }

    @Test
    void imageTagMovedMakesTheRunningContainerStale() throws IOException {
        RecordedHostLookup host = captureHost();
        String tagNow = "sha256:" + "1".repeat(64);
        host.answer(HostLookup.DOCKER_IMAGE_INSPECT, "local/busybox:1",
                "{\"Id\":\"" + IMAGE_ID + "\",\"RepoTags\":[\"local/busybox:1\"]}");
        host.answer(HostLookup.DOCKER_IMAGE_INSPECT, "local/busybox:1",
                "{\"Id\":\"" + tagNow + "\",\"RepoTags\":[\"local/busybox:1\"]}");
        ContainerRegistry registry = new ContainerRegistry(host);
        for (String json : BenignCapture.dockerEvents().subList(0, 3)) {
            registry.apply(new HostInput.DockerEvent(0, json));
        }
        ContainerState before = registry.running().get(0);
        assertFalse(before.imageStale());
        registry.apply(new HostInput.DockerEvent(0, "{\"Type\":\"image\",\"Action\":\"tag\",\"Actor\":{\"ID\":\""
                + tagNow + "\",\"Attributes\":{\"name\":\"local/busybox:1\"}},\"timeNano\":1}"));
        ContainerState after = registry.running().get(0);
        assertTrue(after.imageStale());
        assertEquals(tagNow, after.tagImageId());
    }

    @Test
    void malformedEventsAreCountedNotThrown() {
        ContainerRegistry registry = new ContainerRegistry(HostLookup.none());
        registry.apply(new HostInput.DockerEvent(0, "{not json"));
        registry.apply(new HostInput.DockerEvent(0, "{\"Action\":\"start\"}"));
        assertEquals(2, registry.eventsMalformed());
    }

    @Test
    void aContainerCreatedAndDestroyedWithoutStartingIsToldStoppedToo() throws IOException {
        String json;
        try (var in = ContainerRegistryTest.class.getResourceAsStream("/io/keelwatch/container/inspect/strong.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"Running\": true", "\"Running\": false");
        }
        String id = InspectParser.container(json).id();
        RecordedHostLookup host = new RecordedHostLookup().answer(HostLookup.DOCKER_INSPECT, id, json);
        List<String> told = new java.util.ArrayList<>();
        ContainerRegistry registry = new ContainerRegistry(host);
        registry.observe(new io.keelwatch.container.ContainerObserver() {
            @Override
            public void running(ContainerInfo info) {
                told.add("running " + info.name());
            }

            @Override
            public void stopped(ContainerInfo info) {
                told.add("stopped " + info.name());
            }
        });
        registry.apply(event("create", id));
        registry.apply(event("destroy", id));
        assertEquals(List.of("running kwdr-strong", "stopped kwdr-strong"), told);
        assertTrue(registry.running().isEmpty());
    }

    private static HostInput.DockerEvent event(String action, String id) {
        return new HostInput.DockerEvent(0, "{\"Type\":\"container\",\"Action\":\"" + action
                + "\",\"Actor\":{\"ID\":\"" + id + "\",\"Attributes\":{\"name\":\"kwdr-strong\"}},\"timeNano\":1}");
    }
}
