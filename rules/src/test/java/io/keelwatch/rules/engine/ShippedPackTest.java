package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.lang.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped pack loads cleanly, every rule is complete, and the embedded copy equals rules/pack. */
class ShippedPackTest {

    @Test
    void embeddedPackLoadsWithoutErrorsOrSkips() {
        RuleSet set = RuleLoader.loadDefaultPack();
        for (Diagnostic d : set.diagnostics()) {
            System.out.println(d);
        }
        assertEquals(List.of(), set.errors());
        assertEquals(List.of(), set.warnings(), "the shipped pack should load without warnings");
        assertEquals(set.statuses().size(), set.count(RuleStatus.State.LOADED));
        System.out.println("shipped pack: " + set.rules().size() + " rules");
    }

    @Test
    void everyShippedRuleHasCategoryMitreTagDescAndEvidence() {
        RuleSet set = RuleLoader.loadDefaultPack();
        for (CompiledRule r : set.rules()) {
            assertTrue(r.category() != Category.OTHER, r.name() + " has no category");
            assertTrue(r.tags().stream().anyMatch(t -> t.matches("T\\d{4}(\\.\\d{3})?")), r.name() + " has no MITRE id");
            assertFalse(r.desc().isBlank(), r.name());
            assertFalse(r.desc().contains("\n"), r.name() + ": desc must be one line");
            List<String> out = r.output().fieldNames();
            assertTrue(out.contains("container.name") && out.contains("container.image"), r.name() + " output lacks container/image");
            if (r.source() == io.keelwatch.rules.fields.Source.SYSCALL) {
                assertTrue(out.contains("proc.pname") || out.contains("proc.pcmdline"), r.name() + " output lacks the parent");
                assertTrue(out.contains("proc.exepath") || out.contains("proc.name"), r.name() + " output lacks the process");
            }
        }
    }

    @Test
    void everyCategoryIsCovered() {
        Set<Category> seen = RuleLoader.loadDefaultPack().rules().stream().map(CompiledRule::category).collect(Collectors.toSet());
        for (Category c : Category.values()) {
            if (c != Category.OTHER) {
                assertTrue(seen.contains(c), "no rule for " + c);
            }
        }
    }

    @Test
    void embeddedIndexListsEveryPackFile() throws IOException {
        Path pack = Path.of(System.getProperty("keelwatch.root"), "rules", "pack");
        Set<String> onDisk;
        try (Stream<Path> s = Files.list(pack)) {
            onDisk = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).collect(Collectors.toSet());
        }
        Set<String> indexed = RuleLoader.defaultPack().stream()
                .map(t -> t.name().substring(t.name().lastIndexOf('/') + 1)).collect(Collectors.toSet());
        assertEquals(onDisk, indexed);
        RuleSet fromDisk = RuleLoader.load(List.of(pack));
        assertEquals(RuleLoader.loadDefaultPack().rules().size(), fromDisk.rules().size());
    }
}
