package io.keelwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.docker.DockerEventMessage;
import io.keelwatch.docker.InspectParser;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordedHostLookup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * With no live host at all (no /proc, no cgroups), the captured benign run's events from inside its
 * three containers are attributed to them through the runtime's process ancestry alone.
 */
class OfflineAttributionTest {
    private static final String EXEC_COMMAND = "ps; id; cat /etc/hostname";

    @Test
    void eventsInsideTheCapturedContainersAreAttributedByAncestryAlone() throws IOException {
        RecordedHostLookup host = new RecordedHostLookup();
        Map<Integer, String> initPidToName = new HashMap<>();
        for (String json : BenignCapture.inspectDocuments()) {
            ContainerInfo c = InspectParser.container(json);
            host.answer(HostLookup.DOCKER_INSPECT, c.id(), json);
            initPidToName.put(c.initPid(), c.name());
        }
        assertEquals(3, initPidToName.size());
        Enricher enricher = Enricher.create(host, 65_536);
        List<DockerEventMessage> docker = new ArrayList<>();
        for (String json : BenignCapture.dockerEvents()) {
            docker.add(DockerEventMessage.parse(json));
        }
        List<SyscallEvent> events = BenignCapture.syscallEvents();
        Map<Integer, String> truth = truth(events, initPidToName);

        int nextDocker = 0;
        Map<String, Integer> attributed = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        int insideEvents = 0;
        for (SyscallEvent e : events) {
            // Docker events and audit records interleave by the daemon's and the kernel's clocks.
            while (nextDocker < docker.size() && docker.get(nextDocker).timeNano() / 1_000_000 <= e.id().timestampMs()) {
                enricher.containers().apply(docker.get(nextDocker++));
            }
            EnrichedEvent enriched = enricher.enrich(e);
            String expected = truth.get(e.task().pid());
            String got = enriched.container() == null ? null : enriched.container().name();
            if (expected != null) {
                insideEvents++;
                if (!expected.equals(got)) {
                    wrong.add(e.id() + " pid " + e.task().pid() + " " + e.task().comm() + ": expected " + expected
                            + ", got " + got);
                }
            } else if (got != null && !isRuncInit(enriched)) {
                wrong.add(e.id() + " pid " + e.task().pid() + " " + e.task().comm() + " " + e.task().exe()
                        + ": a host process attributed to " + got);
            }
            if (got != null) {
                attributed.merge(got, 1, Integer::sum);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " misattributed, first: " + wrong.subList(0, Math.min(10,
                wrong.size())));
        assertEquals(Set.of("kwweb", "kwclient", "kwworker"), attributed.keySet());
        assertTrue(insideEvents > 1000, "inside events: " + insideEvents);
        System.out.println("offline attribution: " + insideEvents + " inside events, per container " + attributed);
    }

    /**
     * Ground truth from Docker's own account, not from the process table: a container's init pid
     * (inspect {@code State.Pid}), the processes that exec the command of its {@code docker exec}
     * (events {@code exec_start}), and everything those fork, by the ppid in the records.
     */
    private static Map<Integer, String> truth(List<SyscallEvent> events, Map<Integer, String> inits) {
        Map<Integer, String> member = new HashMap<>(inits);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (SyscallEvent e : events) {
                int pid = e.task().pid();
                if (member.containsKey(pid)) {
                    continue;
                }
                String parent = member.get(e.task().ppid());
                if (parent == null && e.argv().size() == 3 && e.argv().get(0).equals("sh")
                        && e.argv().get(2).equals(EXEC_COMMAND)) {
                    parent = "kwweb";
                }
                if (parent != null && !e.task().comm().startsWith("runc")) {
                    member.put(pid, parent);
                    grew = true;
                }
            }
        }
        Set<String> names = new HashSet<>(member.values());
        assertEquals(3, names.size());
        return member;
    }

    /** runc's own init stage runs in the container's cgroup before it becomes the container process. */
    private static boolean isRuncInit(EnrichedEvent e) {
        List<String> argv = e.process().self().argv();
        return e.process().self().name().startsWith("runc:[")
                || argv.size() >= 2 && argv.get(0).equals("runc") && argv.get(1).equals("init");
    }
}
