package io.keelwatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerObserver;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.Enricher;
import io.keelwatch.host.RecordedHostLookup;
import io.keelwatch.input.HostInput;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry on a containerd node as a replay sees it: only recorded lookup answers (no Docker, no
 * containerd). Lifecycle events of the runtime reach the same observer Docker's do.
 */
class RuntimeRegistryTest {

    private static RecordedHostLookup containerdNode() {
        return new RecordedHostLookup()
                .answer(RuntimeLookups.ENDPOINTS, "", "cri containerd\ncontainerd\n")
                .answer(RuntimeLookups.CRI_RUNNING, "containerd", Fixtures.CRI_ID + "\n")
                .answer(RuntimeLookups.CONTAINERD_RUNNING, "", Fixtures.CRI_ID + "\n" + Fixtures.CONTAINERD_ID + "\n")
                .answer(RuntimeLookups.CRI_CONTAINER, "containerd/" + Fixtures.CRI_ID,
                        Fixtures.read(Fixtures.CRI_HOSTPATH_ROOT))
                .answer(RuntimeLookups.CRI_CONTAINER, "containerd/" + Fixtures.CONTAINERD_ID, null)
                .answer(RuntimeLookups.CONTAINERD_CONTAINER, Fixtures.CONTAINERD_ID,
                        Fixtures.read(Fixtures.CONTAINERD_API));
    }

    @Test
    void bootstrapLearnsEveryRunningContainerFromTheRecordedAnswers() {
        Enricher enricher = Enricher.create(containerdNode(), 1024);
        List<String> seen = new ArrayList<>();
        enricher.containers().observe(new ContainerObserver() {
            @Override
            public void running(ContainerInfo info) {
                seen.add(info.id());
            }

            @Override
            public void stopped(ContainerInfo info) { }
        });
        enricher.containers().bootstrap();
        assertEquals(List.of(Fixtures.CRI_ID, Fixtures.CONTAINERD_ID), seen);
        List<ContainerState> running = enricher.containers().running();
        assertEquals(2, running.size());
        assertTrue(enricher.containers().isKnown(Fixtures.CRI_ID), "process attribution trusts it");
        ContainerInfo pod = enricher.containers().find(Fixtures.CRI_ID);
        assertEquals("identity-75a", pod.podName());
        assertEquals(ContainerInfo.CONTAINERD, pod.runtime());
        ContainerInfo api = enricher.containers().find(Fixtures.CONTAINERD_ID);
        assertEquals("ctr-pod", api.podName(), "the CRI did not know it: containerd's API did");
    }

    @Test
    void runtimeEventsReachTheObserverAsDockersDo() {
        RecordedHostLookup lookup = new RecordedHostLookup()
                .answer(RuntimeLookups.ENDPOINTS, "", "cri containerd\n")
                .answer(RuntimeLookups.CRI_CONTAINER, "containerd/" + Fixtures.CRI_ID,
                        Fixtures.read(Fixtures.CRI_HOSTPATH_ROOT));
        Enricher enricher = Enricher.create(lookup, 1024);
        List<String> changes = new ArrayList<>();
        enricher.containers().observe(new ContainerObserver() {
            @Override
            public void running(ContainerInfo info) {
                changes.add("running " + info.podName() + " " + info.mounts().get(0).source());
            }

            @Override
            public void stopped(ContainerInfo info) {
                changes.add("stopped " + info.podName());
            }
        });
        String start = "{\"namespace\":\"k8s.io\",\"topic\":\"/tasks/start\",\"event\":{\"container_id\":\""
                + Fixtures.CRI_ID + "\"}}";
        String exit = "{\"namespace\":\"k8s.io\",\"topic\":\"/tasks/exit\",\"event\":{\"container_id\":\""
                + Fixtures.CRI_ID + "\",\"id\":\"" + Fixtures.CRI_ID + "\"}}";
        enricher.apply(new HostInput.RuntimeEvent(1, "containerd", start));
        enricher.apply(new HostInput.RuntimeEvent(2, "containerd", exit));
        assertEquals(List.of("running identity-75a /", "stopped identity-75a"), changes);
        assertFalse(enricher.containers().running().stream().anyMatch(s -> s.info().id().equals(Fixtures.CRI_ID)));
        assertEquals(2, enricher.runtimeEvents().decoded());
    }

    @Test
    void aDockerOnlyHostsLiveLookupSaysNoRuntimeRatherThanFailing() {
        io.keelwatch.host.live.LiveHostLookup live = new io.keelwatch.host.live.LiveHostLookup(java.nio.file.Path.of("/proc"), null);
        for (String kind : List.of(RuntimeLookups.ENDPOINTS, RuntimeLookups.CONTAINERD_CONTAINER,
                RuntimeLookups.CONTAINERD_RUNNING, RuntimeLookups.CRI_CONTAINER, RuntimeLookups.CRI_RUNNING)) {
            assertEquals(null, live.lookup(kind, "x"), kind);
        }
        Enricher enricher = Enricher.create(live, 1024);
        enricher.containers().bootstrap();
        assertFalse(enricher.containers().get(Fixtures.CRI_ID).hasMetadata());
    }

    @Test
    void aContainerNoRuntimeKnowsStaysIdOnly() {
        Enricher enricher = Enricher.create(new RecordedHostLookup()
                .answer(RuntimeLookups.ENDPOINTS, "", "cri containerd\ncontainerd\n"), 1024);
        ContainerInfo c = enricher.containers().get(Fixtures.CRI_ID);
        assertFalse(c.hasMetadata());
        assertEquals("", c.runtime());
    }
}
