package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.lang.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Falco's own published stable rules load: rules we can serve are loaded, the rest skipped with a reason. */
class FalcoRulesCompatTest {

    static Path falcoRules() {
        String shared = System.getProperty("keelwatch.shared");
        assertTrue(shared != null, "surefire must pass keelwatch.shared");
        Path p = Path.of(shared, "third_party", "falco-rules", "falco_rules.yaml");
        assertTrue(Files.isRegularFile(p), "missing " + p);
        return p;
    }

    @Test
    void stableFalcoRulesLoadWithoutErrors() {
        RuleSet set = RuleLoader.load(List.of(falcoRules()));
        System.out.println("falco_rules.yaml: " + set.statuses().size() + " rules, "
                + set.count(RuleStatus.State.LOADED) + " loaded, " + set.count(RuleStatus.State.DISABLED) + " disabled, "
                + set.count(RuleStatus.State.SKIPPED) + " skipped");
        for (RuleStatus s : set.statuses()) {
            System.out.println("  " + s.state().id() + "\t" + s.rule() + (s.reason().isEmpty() ? "" : "\t" + s.reason()));
        }
        for (Diagnostic d : set.diagnostics()) {
            System.out.println("  " + d);
        }
        assertEquals(List.of(), set.errors(), "errors loading Falco's stable rules");
        assertEquals(25, set.statuses().size());
        assertTrue(set.count(RuleStatus.State.LOADED) >= 15, "most stable rules should be served");
        for (RuleStatus s : set.statuses()) {
            if (s.state() == RuleStatus.State.SKIPPED) {
                assertFalse(s.reason().isEmpty());
            }
        }
    }

    @Test
    void incubatingAndSandboxFilesLoadOnTopOfStable() {
        Path dir = falcoRules().getParent();
        RuleSet set = RuleLoader.load(List.of(falcoRules(), dir.resolve("falco-incubating_rules.yaml"),
                dir.resolve("falco-sandbox_rules.yaml")));
        System.out.println("stable+incubating+sandbox: " + set.statuses().size() + " rules, "
                + set.count(RuleStatus.State.LOADED) + " loaded, " + set.count(RuleStatus.State.DISABLED) + " disabled, "
                + set.count(RuleStatus.State.SKIPPED) + " skipped");
        set.errors().forEach(System.out::println);
        set.statuses().stream().filter(s -> s.state() != RuleStatus.State.LOADED)
                .forEach(s -> System.out.println("  " + s.state().id() + "\t" + s.rule() + "\t" + s.reason()));
        assertEquals(List.of(), set.errors());
        assertEquals(25 + 31 + 37, set.statuses().size());
    }

    @Test
    void countsPerFileWithEverySkipExplained() {
        Path dir = falcoRules().getParent();
        java.util.Set<String> stableRules = new java.util.HashSet<>();
        RuleLoader.load(List.of(falcoRules())).statuses().forEach(s -> stableRules.add(s.rule()));
        for (String f : List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")) {
            List<Path> paths = f.equals("falco_rules.yaml") ? List.of(falcoRules()) : List.of(falcoRules(), dir.resolve(f));
            RuleSet set = RuleLoader.load(paths);
            assertEquals(List.of(), set.errors(), f);
            List<RuleStatus> own = set.statuses().stream()
                    .filter(s -> f.equals("falco_rules.yaml") || !stableRules.contains(s.rule())).toList();
            java.util.Map<String, Long> why = new java.util.TreeMap<>();
            for (RuleStatus s : own) {
                if (s.state() == RuleStatus.State.SKIPPED) {
                    assertTrue(s.reason().contains("not available from"), s.reason());
                    why.merge(s.reason().replaceAll(".*fields? '([^']+(?:', '[^']+)*)'.*", "$1"), 1L, Long::sum);
                }
            }
            System.out.printf("%s: %d rules, %d loaded, %d disabled (not compiled, as in Falco), %d skipped%n", f, own.size(),
                    own.stream().filter(s -> s.state() == RuleStatus.State.LOADED).count(),
                    own.stream().filter(s -> s.state() == RuleStatus.State.DISABLED).count(),
                    own.stream().filter(s -> s.state() == RuleStatus.State.SKIPPED).count());
            why.forEach((k, n) -> System.out.println("    skipped " + n + " for " + k));
        }
    }
}
