package io.keelwatch.agent.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.daemon.LiveParts;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order rules load in: the shipped pack, then rules.d by name, then --rules; and what each switch changes. */
class RuleSourcesTest {
    @TempDir
    Path tmp;

    /** A local rule that stands only on the pack's macros and lists. */
    private Path oneRule() throws IOException {
        return Files.writeString(tmp.resolve("local.yaml"), """
                - rule: Miner in a container (local)
                  desc: a local rule built on the pack's macros
                  condition: spawned_process and container and proc.names intersects (miner_binaries)
                  output: miner %proc.name in %container.name
                  priority: WARNING
                """);
    }

    private static RuleSet compile(String bundle) {
        return RuleLoader.compile(RulesBundle.decode(bundle));
    }

    private static List<String> names(String bundle) {
        return RulesBundle.decode(bundle).stream().map(RuleLoader.RuleText::name).toList();
    }

    @Test
    void aOneRuleFileUsingThePacksMacrosLoadsOnTopOfThePack() throws IOException {
        RuleSet set = compile(RuleSources.bundle(true, null, List.of(oneRule())));
        assertFalse(set.hasErrors(), set.errors().toString());
        assertTrue(set.rules().stream().anyMatch(r -> r.name().equals("Miner in a container (local)")));
        assertTrue(set.rules().stream().anyMatch(r -> r.name().equals("Known crypto-miner executed")),
                "the pack's rules stay");
    }

    @Test
    void withoutThePackTheSameFileLacksItsMacros() throws IOException {
        RuleSet set = compile(RuleSources.bundle(false, null, List.of(oneRule())));
        assertTrue(set.hasErrors(), "spawned_process and miner_binaries are the pack's");
        assertEquals(List.of(tmp.resolve("local.yaml").toString()),
                names(RuleSources.bundle(false, null, List.of(oneRule()))));
    }

    @Test
    void rulesDirectoryIsReadAfterThePackInNameOrderAndBeforeThePaths() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("rules.d"));
        Files.writeString(d.resolve("20-b.yaml"), "- list: b_list\n  items: [b]\n");
        Files.writeString(d.resolve("10-a.yaml"), "- list: a_list\n  items: [a]\n");
        Files.writeString(d.resolve("README"), "not a rule file");
        Path extra = oneRule();
        List<String> names = names(RuleSources.bundle(true, d, List.of(extra)));
        int packFiles = RuleLoader.defaultPack().size();
        assertEquals(List.of(d.resolve("10-a.yaml").toString(), d.resolve("20-b.yaml").toString(), extra.toString()),
                names.subList(packFiles, names.size()));
        assertEquals(RuleLoader.defaultPack().stream().map(RuleLoader.RuleText::name).toList(),
                names.subList(0, packFiles));
    }

    @Test
    void aMissingRulesDirectoryAddsNothingButAMissingPathIsAnError() throws IOException {
        assertEquals(RulesBundle.shippedPack(), RuleSources.bundle(true, tmp.resolve("absent.d"), List.of()));
        IOException e = assertThrows(IOException.class,
                () -> RuleSources.bundle(true, null, List.of(tmp.resolve("absent.yaml"))));
        assertTrue(e.getMessage().contains("absent.yaml"), e.getMessage());
        assertThrows(IOException.class, () -> RuleSources.bundle(false, null, List.of()), "no rules at all");
    }

    @Test
    void theAgentsConfigDrivesTheSameOrder() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("rules.d"));
        Files.writeString(d.resolve("a.yaml"), "- list: a_list\n  items: [a]\n");
        Path extra = oneRule();
        var cfg = ConfigLoader.load(null, Map.of("rules.local_dir", d.toString(), "rules.paths", extra.toString()));
        List<String> names = names(LiveParts.rulesContent(cfg));
        assertEquals(List.of(d.resolve("a.yaml").toString(), extra.toString()), names.subList(names.size() - 2,
                names.size()));
        var replaced = ConfigLoader.load(null, Map.of("rules.default_pack", "false", "rules.local_dir", "off",
                "rules.paths", extra.toString()));
        assertEquals(List.of(extra.toString()), names(LiveParts.rulesContent(replaced)));
    }
}
