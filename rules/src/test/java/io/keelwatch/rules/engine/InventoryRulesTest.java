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
    void onlyAContainersAgeIsLeftToTheSweep() {
        ContainerInfo old = ctr("old", NOW.minus(Duration.ofDays(45)), NOW.minus(Duration.ofDays(20)), false, List.of(), "", List.of());
        ContainerInfo oldImage = ctr("img", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(400)), true,
                List.of(), "host", List.of(new Mount("bind", "/", "/host", true, "")));
        ContainerInfo retagged = ctr("tag", NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(3)), false, List.of(), "", List.of());
        // image age, tag drift, privileges, mounts and namespaces are container lifecycle rules (ContainerRulesTest)
        assertEquals(Set.of("Long-running container@old"),
                fired(List.of(new ContainerState(old, old.imageId()), new ContainerState(oldImage, oldImage.imageId()),
                        new ContainerState(retagged, "sha256:2222"))));
    }

    @Test
    void rulesRunOncePerIntervalAtTheGivenInstant() {
        ContainerInfo old = ctr("old", NOW.minus(Duration.ofDays(45)), NOW, false, List.of(), "", List.of());
        List<ContainerState> s = List.of(new ContainerState(old, null));
        RuleEngine engine = new RuleEngine(PackAttackTest.PACK);
        assertEquals(1, engine.evaluateInventory(s, NOW).size());
        assertEquals(0, engine.evaluateInventory(s, NOW.plusSeconds(30)).size(), "interval 1m not yet passed");
        assertEquals(1, engine.evaluateInventory(s, NOW.plusSeconds(60)).size(), "still too old: fires again");
        assertEquals(0, engine.evaluateInventory(List.of(), NOW.plusSeconds(120)).size());
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
