package io.keelwatch.rules.engine;

import static io.keelwatch.rules.engine.InventoryRulesTest.NOW;
import static io.keelwatch.rules.engine.InventoryRulesTest.ctr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerState;
import io.keelwatch.container.ExecSession;
import io.keelwatch.container.Mount;
import io.keelwatch.rules.fields.Source;
import io.keelwatch.rules.lang.Diagnostic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Container lifecycle rules ({@code source: container}): evaluated on the container's own events, dated by the
 * caller, over the container as known after the event.
 */
class ContainerRulesTest {

    static ContainerInfo plain(String name) {
        return ctr(name, NOW, NOW.minus(Duration.ofDays(3)), false, List.of(), "", List.of());
    }

    static Set<String> fired(RuleEngine engine, List<ContainerEvent> events) {
        Set<String> out = new TreeSet<>();
        for (ContainerEvent e : events) {
            engine.evaluateContainer(e, NOW).forEach(m -> out.add(m.rule() + "@" + m.container().info().name() + ":" + e.type()));
        }
        return out;
    }

    static Set<String> fired(List<ContainerEvent> events) {
        return fired(new RuleEngine(PackAttackTest.PACK), events);
    }

    @Test
    void privilegesMountsAndNamespacesFireTheMomentAContainerIsStarted() {
        ContainerInfo priv = ctr("priv", NOW, NOW, true, List.of(), "", List.of());
        ContainerInfo admin = ctr("admin", NOW, NOW, false, List.of("SYS_ADMIN"), "", List.of());
        ContainerInfo hostpid = ctr("hpid", NOW, NOW, false, List.of(), "host", List.of());
        ContainerInfo sock = ctr("sock", NOW, NOW, false, List.of(), "",
                List.of(new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", true, "")));
        ContainerInfo keys = ctr("keys", NOW, NOW, false, List.of(), "", List.of(new Mount("bind", "/root/.ssh", "/k", false, "")));
        ContainerInfo tz = ctr("tz", NOW, NOW, false, List.of(), "", List.of(new Mount("bind", "/etc/localtime", "/etc/localtime", false, "")));
        List<ContainerEvent> started = new ArrayList<>();
        for (ContainerInfo c : List.of(priv, admin, hostpid, sock, keys, tz)) {
            started.add(new ContainerEvent.Started(new ContainerState(c, null), 1));
        }
        assertEquals(Set.of("Privileged or over-capable container@priv:start", "Privileged or over-capable container@admin:start",
                        "Container shares host namespaces@hpid:start", "Container with sensitive host mount@sock:start",
                        "Container with sensitive host mount@keys:start"), fired(started));
    }

    @Test
    void aPodsOwnKubeletVolumeAndAReadOnlyCronDirAreNoFindingButKubeletStateAndAWritableCronDirAre() {
        Map<String, Mount> mounts = new java.util.LinkedHashMap<>();
        mounts.put("token", new Mount("bind", "/var/lib/kubelet/pods/0f1e-pod/volumes/kubernetes.io~projected/kube-api-access-x",
                "/var/run/secrets/kubernetes.io/serviceaccount", false, ""));
        mounts.put("emptydir", new Mount("bind", "/var/lib/kubelet/pods/0f1e-pod/volumes/kubernetes.io~empty-dir/cache", "/cache",
                true, ""));
        mounts.put("cronro", new Mount("bind", "/etc/cron.d", "/host/cron.d", false, ""));
        mounts.put("allpods", new Mount("bind", "/var/lib/kubelet/pods", "/pods", false, ""));
        mounts.put("kubepki", new Mount("bind", "/var/lib/kubelet/pki", "/pki", false, ""));
        mounts.put("plugins", new Mount("bind", "/var/lib/kubelet/device-plugins/kubelet.sock", "/kubelet.sock", true, ""));
        mounts.put("cronrw", new Mount("bind", "/etc/cron.d", "/host/cron.d", true, ""));
        List<ContainerEvent> started = new ArrayList<>();
        mounts.forEach((name, m) -> started.add(new ContainerEvent.Started(
                new ContainerState(ctr(name, NOW, NOW, false, List.of(), "", List.of(m)), null), 1)));
        assertEquals(Set.of("Container with sensitive host mount@allpods:start", "Container with sensitive host mount@kubepki:start",
                "Container with sensitive host mount@plugins:start", "Container with sensitive host mount@cronrw:start"), fired(started));
    }

    @Test
    void configurationRulesRunAtCreateStartBootstrapAndUpdateButNotAtDeathOrExec() {
        ContainerInfo root = ctr("root", NOW, NOW, false, List.of(), "", List.of(new Mount("bind", "/", "/host", false, "")));
        ContainerState s = new ContainerState(root, null);
        assertEquals(Set.of("Container with sensitive host mount@root:create", "Container with sensitive host mount@root:start",
                        "Container with sensitive host mount@root:running", "Container with sensitive host mount@root:update"),
                fired(List.of(new ContainerEvent.Created(s, 1), new ContainerEvent.Started(s, 2),
                        new ContainerEvent.FoundRunning(s, 0), new ContainerEvent.Updated(s, 3),
                        new ContainerEvent.ExecCreated(s, new ExecSession("e1", false, "", false, List.of("sh")), 4),
                        new ContainerEvent.Died(s, 5), new ContainerEvent.ImageChanged(s, "tag", 6))));
    }

    @Test
    void aPrivilegedExecIsANewRiskInAnUnprivilegedContainer() {
        ContainerState s = new ContainerState(plain("web"), null);
        ExecSession priv = new ExecSession("0f3c", true, "root", true, List.of("sh", "-c", "id"));
        ExecSession normal = new ExecSession("9a1b", false, "", false, List.of("ps"));
        RuleEngine engine = new RuleEngine(PackAttackTest.PACK);
        List<Match> m = engine.evaluateContainer(new ContainerEvent.ExecCreated(s, priv, 7), NOW);
        assertEquals(List.of("Privileged exec into container"), m.stream().map(Match::rule).toList());
        assertEquals("sh -c id", m.get(0).fields().get("container.exec.cmdline"));
        assertEquals("root", m.get(0).fields().get("container.exec.user"));
        assertEquals("true", m.get(0).fields().get("container.exec.tty"));
        assertEquals(List.of(), engine.evaluateContainer(new ContainerEvent.ExecCreated(s, normal, 8), NOW));
        assertEquals(List.of(), engine.evaluateContainer(new ContainerEvent.ExecCreated(s, null, 9), NOW),
                "an exec that could not be inspected is not privileged");
    }

    @Test
    void imageRulesRunWhenAContainerAppearsAndWhenAnImageMoves() {
        ContainerInfo retagged = plain("tag");
        ContainerInfo oldImage = ctr("img", NOW, NOW.minus(Duration.ofDays(400)), false, List.of(), "", List.of());
        ContainerInfo epoch = ctr("repro", NOW, java.time.Instant.EPOCH, false, List.of(), "", List.of());
        assertEquals(Set.of("Container runs outdated image@tag:image", "Container image too old@img:image",
                        "Container image too old@img:start"),
                fired(List.of(new ContainerEvent.ImageChanged(new ContainerState(retagged, "sha256:2222"), "tag", 1),
                        new ContainerEvent.ImageChanged(new ContainerState(oldImage, oldImage.imageId()), "pull", 1),
                        new ContainerEvent.Started(new ContainerState(oldImage, oldImage.imageId()), 1),
                        new ContainerEvent.ImageChanged(new ContainerState(epoch, null), "load", 1),
                        new ContainerEvent.Started(new ContainerState(retagged, retagged.imageId()), 1))));
    }

    @Test
    void matchesAreDatedByTheCallerAndAgeFieldsUseThatTime() {
        RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("t.yaml", """
                - rule: Young container
                  desc: d
                  source: container
                  condition: evt.type = start and container.age < 10
                  output: "age=%container.age at=%evt.time"
                  priority: NOTICE
                """)));
        assertEquals(List.of(), set.errors());
        ContainerInfo c = ctr("c", NOW, NOW, false, List.of(), "", List.of());
        List<Match> m = new RuleEngine(set).evaluateContainer(new ContainerEvent.Started(new ContainerState(c, null), 1),
                NOW.plusSeconds(3));
        assertEquals(1, m.size());
        assertEquals(NOW.plusSeconds(3), m.get(0).time());
        assertEquals("age=3 at=" + NOW.plusSeconds(3), m.get(0).output());
    }

    @Test
    void falcosContainerEventIsAcceptedInBothSources() {
        RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("falco.yaml", """
                - macro: container_started
                  condition: (evt.type = container)
                - rule: Launch Privileged Container
                  desc: Falco's shape, no source key
                  condition: container_started and container.privileged = true
                  output: "Privileged container started (%container.name)"
                  priority: INFO
                - rule: Not on start
                  desc: d
                  source: container
                  condition: evt.type != container and container.privileged = true
                  output: "%container.name"
                  priority: INFO
                """)));
        assertEquals(List.of(), set.errors());
        assertEquals(Source.CONTAINER, set.rules().get(0).source(), "a syscall rule on Falco's container event");
        assertEquals(Set.of("create", "start", "running"), set.rules().get(0).eventTypes());
        ContainerInfo priv = ctr("p", NOW, NOW, true, List.of(), "", List.of());
        ContainerState s = new ContainerState(priv, null);
        RuleEngine engine = new RuleEngine(set);
        assertEquals(Set.of("Launch Privileged Container@p:running", "Launch Privileged Container@p:start",
                        "Not on start@p:die", "Not on start@p:update"),
                fired(engine, List.of(new ContainerEvent.Started(s, 1), new ContainerEvent.FoundRunning(s, 0),
                        new ContainerEvent.Died(s, 2), new ContainerEvent.Updated(s, 3))));
        assertEquals(List.of(), engine.rulesFor("execve"), "never met by audit events");
    }

    @Test
    void aContainerRuleOnAnEventTypeNoContainerHasFailsWithItsLocation() {
        RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("bad.yaml", """
                - rule: Typo
                  desc: d
                  source: container
                  condition: evt.type in (start, execve) and container.privileged = true
                  output: "%container.name"
                  priority: INFO
                """)));
        assertEquals(1, set.errors().size());
        Diagnostic d = set.errors().get(0);
        assertTrue(d.toString().startsWith("bad.yaml:1:"), d.toString());
        assertTrue(d.toString().contains("'execve' is no container event"), d.toString());
    }

    @Test
    void execFieldsAreOnlyForContainerRules() {
        RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("x.yaml", """
                - rule: Exec field in a syscall rule
                  desc: d
                  condition: evt.type = execve and container.exec.privileged = true
                  output: "%container.name"
                  priority: INFO
                """)));
        assertEquals(1, set.errors().size(), set.diagnostics().toString());
        assertTrue(set.errors().get(0).toString().contains("not available in syscall rules"), set.errors().toString());
    }
}
