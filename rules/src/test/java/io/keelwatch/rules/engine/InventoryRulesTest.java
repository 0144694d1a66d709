package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerState;
import io.keelwatch.container.Mount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Inventory rules: run at the caller's instant, every interval, over each container's state. */
class InventoryRulesTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    static ContainerInfo ctr(String name, Instant started, Instant imageBuilt, boolean privileged, List<String> caps,
                             String pidMode, List<Mount> mounts) {
        return new ContainerInfo("abc123" + name + "0000000000000000000000000000000000000000000000000000", name, "shop/" + name + ":2",
                "sha256:1111", imageBuilt, started.minusSeconds(5), started, privileged, caps, List.of(), "", "", pidMode,
                "bridge", "", "", mounts, List.of(), "", Map.of(), 100, List.of(), List.of(), "");
    }

    static Set<String> fired(List<ContainerState> states) {
        Set<String> out = new TreeSet<>();
        new RuleEngine(PackAttackTest.PACK).evaluateInventory(states, NOW).forEach(m -> out.add(m.rule() + "@" + m.container().info().name()));
        return out;
    }

    @Test
    void freshUnprivilegedContainerIsQuiet() {
        ContainerInfo ok = ctr("web", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(20)), false, List.of("NET_BIND_SERVICE"), "",
                List.of(new Mount("volume", "/var/lib/docker/volumes/x/_data", "/data", true, "")));
        assertEquals(Set.of(), fired(List.of(new ContainerState(ok, ok.imageId()))));
    }

    @Test
    void staleContainers() {
        ContainerInfo old = ctr("old", NOW.minus(Duration.ofDays(45)), NOW.minus(Duration.ofDays(20)), false, List.of(), "", List.of());
        ContainerInfo oldImage = ctr("img", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(400)), false, List.of(), "", List.of());
        ContainerInfo retagged = ctr("tag", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(3)), false, List.of(), "", List.of());
        ContainerInfo epoch = ctr("repro", NOW.minus(Duration.ofDays(1)), Instant.EPOCH, false, List.of(), "", List.of());
        assertEquals(Set.of("Long-running container@old", "Container image too old@img", "Container runs outdated image@tag"),
                fired(List.of(new ContainerState(old, old.imageId()), new ContainerState(oldImage, oldImage.imageId()),
                        new ContainerState(retagged, "sha256:2222"), new ContainerState(epoch, null))));
    }

    @Test
    void privilegesAndMounts() {
        ContainerInfo priv = ctr("priv", NOW, NOW, true, List.of(), "", List.of());
        ContainerInfo admin = ctr("admin", NOW, NOW, false, List.of("SYS_ADMIN"), "", List.of());
        ContainerInfo hostpid = ctr("hpid", NOW, NOW, false, List.of(), "host", List.of());
        ContainerInfo sock = ctr("sock", NOW, NOW, false, List.of(), "",
                List.of(new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", true, "")));
        ContainerInfo keys = ctr("keys", NOW, NOW, false, List.of(), "", List.of(new Mount("bind", "/root/.ssh", "/k", false, "")));
        ContainerInfo tz = ctr("tz", NOW, NOW, false, List.of(), "", List.of(new Mount("bind", "/etc/localtime", "/etc/localtime", false, "")));
        assertEquals(Set.of("Privileged or over-capable container@priv", "Privileged or over-capable container@admin",
                        "Container shares host namespaces@hpid", "Container with sensitive host mount@sock",
                        "Container with sensitive host mount@keys"),
                fired(List.of(new ContainerState(priv, null), new ContainerState(admin, null), new ContainerState(hostpid, null),
                        new ContainerState(sock, null), new ContainerState(keys, null), new ContainerState(tz, null))));
    }

    @Test
    void rulesRunOncePerIntervalAtTheGivenInstant() {
        ContainerInfo priv = ctr("priv", NOW, NOW, true, List.of(), "", List.of());
        List<ContainerState> s = List.of(new ContainerState(priv, null));
        RuleEngine engine = new RuleEngine(PackAttackTest.PACK);
        assertEquals(1, engine.evaluateInventory(s, NOW).size());
        assertEquals(0, engine.evaluateInventory(s, NOW.plusSeconds(60)).size(), "interval 5m not yet passed");
        assertEquals(1, engine.evaluateInventory(s, NOW.plusSeconds(300)).size(), "still privileged: fires again");
        assertEquals(0, engine.evaluateInventory(List.of(), NOW.plusSeconds(600)).size());
    }

    @Test
    void ageThresholdsAreTunableByRedefiningTheMacro() {
        List<RuleLoader.RuleText> texts = new java.util.ArrayList<>(RuleLoader.defaultPack());
        texts.add(new RuleLoader.RuleText("site.yaml", "- macro: container_too_old\n  condition: (container.age > 1d)\n"));
        RuleSet set = RuleLoader.compile(texts);
        ContainerInfo two = ctr("two", NOW.minus(Duration.ofDays(2)), NOW, false, List.of(), "", List.of());
        assertEquals(List.of("Long-running container"),
                new RuleEngine(set).evaluateInventory(List.of(new ContainerState(two, null)), NOW).stream().map(Match::rule).toList());
    }
}
