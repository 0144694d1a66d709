package io.keelwatch.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerObserver;
import io.keelwatch.container.ExecSession;
import io.keelwatch.event.BenignCapture;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordedHostLookup;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry turns Docker's events into runtime-neutral container events, dated by Docker's timeNano. */
class ContainerLifecycleTest {
    private static final String WEB = "7ad3ee5a6f24355a12dc5b5771dbfb1650de4b8e8e9572989fc583c174286571";
    private static final String EXEC_ID = "94cb0183e5dba9733bfff045ecd718d82164e42f9ee12d84ebeb96607c4efbb7";
    /** The shape of GET /exec/ID/json from Docker 26 for `docker exec --privileged -u 0 -t kwweb sh -c id`. */
    static final String EXEC_JSON = """
            {"CanRemove":false,"ContainerID":"%s","DetachKeys":"","ExitCode":null,"ID":"%s","OpenStderr":true,
             "OpenStdin":false,"OpenStdout":true,"ProcessConfig":{"arguments":["-c","id"],"entrypoint":"sh",
             "privileged":true,"tty":true,"user":"0"},"Running":false,"Pid":0}
            """.formatted(WEB, EXEC_ID);

    private static RecordedHostLookup captureHost() throws IOException {
        RecordedHostLookup host = new RecordedHostLookup();
        for (String json : BenignCapture.inspectDocuments()) {
            host.answer(HostLookup.DOCKER_INSPECT, InspectParser.container(json).id(), json);
        }
        return host;
    }

    private static String event(String json) {
        return json;
    }

    @Test
    void createStartExecAndDieOfTheCaptureBecomeContainerEvents() throws IOException {
        RecordedHostLookup host = captureHost();
        host.answer(HostLookup.DOCKER_EXEC_INSPECT, EXEC_ID, EXEC_JSON);
        ContainerRegistry registry = new ContainerRegistry(host);
        List<ContainerEvent> seen = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        registry.listen(seen::add);
        registry.observe(new ContainerObserver() {
            @Override
            public void running(ContainerInfo info) {
                observed.add("running " + info.name());
            }

            @Override
            public void stopped(ContainerInfo info) {
                observed.add("stopped " + info.name());
            }
        });
        for (String json : BenignCapture.dockerEvents()) {
            registry.apply(new HostInput.DockerEvent(0, json));
        }
        List<ContainerEvent> web = seen.stream().filter(e -> e.container().id().equals(WEB)).toList();
        assertEquals("create", web.get(0).type());
        assertEquals(1795529066150448639L, web.get(0).timeNs(), "dated by the Docker event's timeNano");
        assertEquals("start", web.get(1).type());
        assertEquals(1795529066347610484L, web.get(1).timeNs());
        assertEquals("kwweb", web.get(1).container().name());
        assertFalse(web.get(1).container().mounts().isEmpty() && web.get(1).container().imageId().isEmpty(),
                "the container as its inspect describes it");
        ContainerEvent.ExecCreated exec = (ContainerEvent.ExecCreated) web.get(2);
        assertEquals(new ExecSession(EXEC_ID, true, "0", true, List.of("sh", "-c", "id")), exec.session());
        assertEquals(1795529066813142565L, exec.timeNs());
        List<ContainerEvent.ExecCreated> unrecorded = web.stream().filter(e -> e instanceof ContainerEvent.ExecCreated)
                .map(e -> (ContainerEvent.ExecCreated) e).skip(1).toList();
        assertFalse(unrecorded.isEmpty());
        assertTrue(unrecorded.stream().allMatch(e -> e.session() == null), "sessions the capture never inspected");
        assertEquals(unrecorded.size(), registry.execsUnknown());
        assertEquals("die", web.get(web.size() - 1).type());
        assertEquals(3, seen.stream().filter(e -> e.type().equals("start")).count());
        assertEquals(3, seen.stream().filter(e -> e.type().equals("die")).count());
        assertTrue(observed.contains("running kwweb") && observed.contains("stopped kwweb"),
                "the observer is still told: " + observed);
    }

    @Test
    void bootstrapTellsEveryRunningContainerUndated() throws IOException {
        RecordedHostLookup host = captureHost();
        host.answer(HostLookup.DOCKER_RUNNING, "", WEB + "\n");
        ContainerRegistry registry = new ContainerRegistry(host);
        List<ContainerEvent> seen = new ArrayList<>();
        registry.listen(seen::add);
        registry.bootstrap();
        assertEquals(1, seen.size());
        assertEquals("running", seen.get(0).type());
        assertEquals(0, seen.get(0).timeNs(), "no runtime time: the pipeline dates it by its input");
        assertEquals("kwweb", seen.get(0).container().name());
    }

    @Test
    void anImageEventRetellsEveryRunningContainerWithWhatItsTagNamesNow() throws IOException {
        RecordedHostLookup host = captureHost();
        String running = "sha256:dbd70a66e47cbe00b762419d0588c8d1f9a61bad528ed3d6220b99dd721d2f6b";
        String newer = "sha256:" + "1".repeat(64);
        host.answer(HostLookup.DOCKER_IMAGE_INSPECT, "local/busybox:1", "{\"Id\":\"" + running + "\"}");
        host.answer(HostLookup.DOCKER_IMAGE_INSPECT, "local/busybox:1", "{\"Id\":\"" + newer + "\"}");
        ContainerRegistry registry = new ContainerRegistry(host);
        List<ContainerEvent> seen = new ArrayList<>();
        registry.listen(seen::add);
        for (String json : BenignCapture.dockerEvents().subList(0, 3)) {
            registry.apply(new HostInput.DockerEvent(0, json));
        }
        assertFalse(seen.get(1).state().imageStale());
        seen.clear();
        registry.apply(new HostInput.DockerEvent(0, "{\"Type\":\"image\",\"Action\":\"untag\",\"Actor\":{\"ID\":\""
                + running + "\"},\"timeNano\":5}"));
        assertEquals(List.of(), seen, "untag and delete move no tag onto another image");
        registry.apply(new HostInput.DockerEvent(0, "{\"Type\":\"image\",\"Action\":\"tag\",\"Actor\":{\"ID\":\""
                + newer + "\",\"Attributes\":{\"name\":\"local/busybox:1\"}},\"timeNano\":7}"));
        assertEquals(1, seen.size());
        ContainerEvent.ImageChanged changed = (ContainerEvent.ImageChanged) seen.get(0);
        assertEquals("tag", changed.action());
        assertEquals(7, changed.timeNs());
        assertTrue(changed.state().imageStale());
        assertEquals(newer, changed.state().tagImageId());
    }

    @Test
    void aMalformedExecInspectIsCountedAndTheEventStillTold() throws IOException {
        RecordedHostLookup host = captureHost();
        host.answer(HostLookup.DOCKER_EXEC_INSPECT, EXEC_ID, "{\"ID\":\"" + EXEC_ID + "\"}");
        ContainerRegistry registry = new ContainerRegistry(host);
        List<ContainerEvent> seen = new ArrayList<>();
        registry.listen(seen::add);
        for (String json : BenignCapture.dockerEvents().subList(0, 10)) {
            registry.apply(new HostInput.DockerEvent(0, event(json)));
        }
        ContainerEvent last = seen.get(seen.size() - 1);
        assertEquals("exec", last.type());
        assertNull(((ContainerEvent.ExecCreated) last).session());
        assertEquals(1, registry.inspectsMalformed());
        assertTrue(registry.lastError().contains("ProcessConfig"), registry.lastError());
    }

    @Test
    void execInspectWithoutIdIsAFormatErrorNamingTheField() {
        InspectFormatException e = assertThrows(InspectFormatException.class,
                () -> InspectParser.exec("{\"ProcessConfig\":{}}"));
        assertTrue(e.getMessage().contains("ID"), e.getMessage());
    }
}
