package io.keelwatch.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.alert.Alert;
import io.keelwatch.alert.AlertJson;
import io.keelwatch.host.HostLookup;
import io.keelwatch.input.HostInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The container lifecycle rules through the whole pipeline core: a container found running at start, one created
 * and started while the agent runs, a privileged exec. Every alert derives from journaled inputs (Docker events and
 * the inspect answers recorded after them), dated by Docker's timeNano, so the same inputs give the same alerts.
 */
class ContainerRulesReplayTest {
    static final long T0 = 1_795_529_065_000L;
    static final String RUNNING = "a1".repeat(32);
    static final String SHORT = "b2".repeat(32);
    static final String EXEC = "c3".repeat(32);

    static String inspect(String id, String name, boolean running, String mountSource) {
        return """
                {"Id":"%s","Name":"/%s","Image":"sha256:%s","Created":"2026-11-24T13:59:00Z",
                 "State":{"Running":%s,"StartedAt":"2026-11-24T13:59:01Z","Pid":4242},
                 "Config":{"Image":"local/busybox:1","Labels":{},"User":""},
                 "HostConfig":{"Privileged":false,"CapAdd":null,"CapDrop":null,"SecurityOpt":null,"PidMode":"",
                   "NetworkMode":"none","IpcMode":"private","UsernsMode":""},
                 "Mounts":[{"Type":"bind","Source":"%s","Destination":"/host","RW":false,"Propagation":"rprivate"}]}
                """.formatted(id, name, "9".repeat(64), running, mountSource);
    }

    static String event(String action, String id, String name, long timeNano, String extra) {
        return "{\"Type\":\"container\",\"Action\":\"" + action + "\",\"Actor\":{\"ID\":\"" + id
                + "\",\"Attributes\":{\"name\":\"" + name + "\",\"image\":\"local/busybox:1\"" + extra + "}},"
                + "\"timeNano\":" + timeNano + "}";
    }

    static List<HostInput> inputs() {
        long created = (T0 + 2_000) * 1_000_000L + 123;
        long started = (T0 + 2_150) * 1_000_000L;
        long exec = (T0 + 5_000) * 1_000_000L + 7;
        List<HostInput> in = new ArrayList<>();
        // answers the live agent recorded at start (bootstrap), before any input
        in.add(new HostInput.Lookup(T0, HostLookup.DOCKER_RUNNING, "", RUNNING + "\n"));
        in.add(new HostInput.Lookup(T0, HostLookup.DOCKER_INSPECT, RUNNING, inspect(RUNNING, "old-sock", true,
                "/var/run/docker.sock")));
        String image = "{\"Id\":\"sha256:" + "9".repeat(64) + "\",\"Created\":\"2026-11-20T10:00:00Z\"}";
        in.add(new HostInput.Lookup(T0, HostLookup.DOCKER_IMAGE_INSPECT, "sha256:" + "9".repeat(64), image));
        in.add(new HostInput.Lookup(T0, HostLookup.DOCKER_IMAGE_INSPECT, "local/busybox:1", image));
        in.add(new HostInput.ConfigChange(T0, "rules", ""));
        in.add(new HostInput.Tick(T0 + 1_000));
        // as the replay driver feeds them: the answers a Docker event's handling asked for, just before it
        in.add(new HostInput.Lookup(T0 + 2_001, HostLookup.DOCKER_INSPECT, SHORT, inspect(SHORT, "brief", false, "/")));
        in.add(new HostInput.DockerEvent(T0 + 2_001, event("create", SHORT, "brief", created, "")));
        in.add(new HostInput.Lookup(T0 + 2_151, HostLookup.DOCKER_INSPECT, SHORT, inspect(SHORT, "brief", true, "/")));
        in.add(new HostInput.DockerEvent(T0 + 2_151, event("start", SHORT, "brief", started, "")));
        in.add(new HostInput.Lookup(T0 + 5_001, HostLookup.DOCKER_EXEC_INSPECT, EXEC, "{\"ID\":\"" + EXEC
                + "\",\"ProcessConfig\":{\"entrypoint\":\"sh\",\"arguments\":[\"-c\",\"id\"],\"privileged\":true,"
                + "\"tty\":false,\"user\":\"0\"}}"));
        in.add(new HostInput.DockerEvent(T0 + 5_001, event("exec_create: sh -c id", RUNNING, "old-sock", exec,
                ",\"execID\":\"" + EXEC + "\"")));
        in.add(new HostInput.DockerEvent(T0 + 4_200, event("die", SHORT, "brief", (T0 + 4_200) * 1_000_000L, "")));
        in.add(new HostInput.Tick(T0 + 6_000));
        return in;
    }

    static List<Alert> run(List<HostInput> inputs) {
        List<Alert> out = new ArrayList<>();
        ReplayPipeline p = new ReplayPipeline(ConfigLoader.defaults(), "h1", out::add, (kind, key) -> {
            // /proc is not part of this story (no audit input); every Docker answer must come from the inputs
            if (kind.startsWith("docker.")) {
                throw new AssertionError("unrecorded lookup " + kind + " " + key);
            }
            return null;
        });
        inputs.forEach(p::accept);
        p.finish();
        return out;
    }

    @Test
    void containerRulesFireOnTheContainersOwnEventsDatedByTheRuntime() {
        List<Alert> alerts = run(inputs());
        List<String> got = alerts.stream().map(a -> a.rule() + "@" + a.container().name() + " " + a.event().type()
                + " " + a.time()).toList();
        assertEquals(List.of(
                "Container with sensitive host mount@old-sock container.running " + Instant.ofEpochMilli(T0 + 1_000),
                "Container with sensitive host mount@brief container.create "
                        + Instant.ofEpochSecond(0, (T0 + 2_000) * 1_000_000L + 123),
                "Privileged exec into container@old-sock container.exec "
                        + Instant.ofEpochSecond(0, (T0 + 5_000) * 1_000_000L + 7),
                "Container with sensitive host mount@brief container.start " + Instant.ofEpochMilli(T0 + 2_150)), got,
                "found running: dated by the first input after start; created: by Docker's timeNano; exec: the "
                        + "privileged session; the start repeats the create's alert: folded, released at the end");
        assertEquals(1, alerts.get(3).folded().count(), "the start's repeat is one folded occurrence");
        Alert exec = alerts.get(2);
        assertEquals("host_mount_abuse", exec.category().id());
        assertEquals("sh -c id", exec.fields().get("container.exec.cmdline"));
        assertTrue(exec.output().contains("exec_user=0"), exec.output());
    }

    @Test
    void theSameInputsGiveByteIdenticalAlerts() {
        List<String> first = run(inputs()).stream().map(AlertJson::line).toList();
        List<String> second = run(inputs()).stream().map(AlertJson::line).toList();
        assertEquals(4, first.size());
        assertEquals(first, second);
    }

    @Test
    void anExecThatCouldNotBeInspectedIsCountedAsADrop() {
        List<HostInput> in = new ArrayList<>(inputs());
        in.removeIf(i -> i instanceof HostInput.Lookup l && l.kind().equals(HostLookup.DOCKER_EXEC_INSPECT));
        List<Alert> out = new ArrayList<>();
        ReplayPipeline p = new ReplayPipeline(ConfigLoader.defaults(), "h1", out::add, HostLookup.none());
        in.forEach(p::accept);
        p.finish();
        assertTrue(out.stream().noneMatch(a -> a.rule().equals("Privileged exec into container")));
        assertEquals(1L, p.core().stats().dropped().get(List.of("docker", "exec_not_inspected")));
        assertEquals(1L, p.core().stats().eventsByType().get("container.exec"));
    }
}
