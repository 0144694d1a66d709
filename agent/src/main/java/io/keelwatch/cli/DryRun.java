package io.keelwatch.cli;

import io.keelwatch.agent.config.AgentConfig;
import io.keelwatch.agent.coverage.ContainerWatches;
import io.keelwatch.agent.config.ConfigLoader;
import io.keelwatch.agent.config.EffectiveConfig;
import io.keelwatch.agent.daemon.AuditPlan;
import io.keelwatch.agent.daemon.LiveParts;
import io.keelwatch.agent.pipeline.CompiledRules;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.rules.audit.AuditRuleSet;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import io.keelwatch.rules.lang.Diagnostic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code keelwatch run --dry-run}: everything a start loads and checks, nothing it opens or changes. Prints the
 * effective config (YAML, loadable as a config file), the rule files and what became of their rules, and the audit
 * source a start would pick with the audit rules it would load.
 */
final class DryRun {
    private DryRun() {
    }

    static int print(AgentConfig cfg, Path file, PrintStream out, PrintStream err) {
        String rules;
        try {
            rules = LiveParts.rulesContent(cfg);
        } catch (IOException e) {
            err.println("keelwatch: rules: " + e.getMessage());
            return Keelwatch.USAGE;
        }
        CompiledRules compiled = CompiledRules.compile(rules);
        RuleSet set = compiled.rules();
        for (Diagnostic d : set.diagnostics()) {
            err.println(d);
        }
        if (set.hasErrors()) {
            err.println("keelwatch: the rules do not load; a start would fail");
            return Keelwatch.USAGE;
        }
        AuditPlan plan;
        try {
            plan = AuditPlan.of(cfg, compiled);
        } catch (IOException | RuntimeException e) {
            err.println("keelwatch: audit rules: " + e.getMessage());
            return Keelwatch.USAGE;
        }
        out.println("# keelwatch run --dry-run: the effective configuration (embedded defaults < "
                + (file == null ? "no config file" : file) + " < " + ConfigLoader.dropInDir(file)
                + "/*.yaml < KEELWATCH_* environment < flags)");
        out.print(EffectiveConfig.yaml(cfg));
        out.println();
        out.println("# rules: " + set.files().size() + " file(s); " + set.count(RuleStatus.State.LOADED) + " loaded, "
                + set.count(RuleStatus.State.DISABLED) + " disabled, " + set.count(RuleStatus.State.SKIPPED)
                + " skipped; " + set.warnings().size() + " warning(s)");
        for (String f : set.files()) {
            out.println("#   " + f);
        }
        out.println();
        out.println("# audit source: " + plan.source() + " (" + plan.reason() + ")");
        if (plan.rules().isEmpty()) {
            out.println("# audit rules a start would load: none (the kernel's audit rules stay as they are)");
        } else {
            out.println("# audit rules a start would load (" + plan.rules().size() + "):");
            for (AuditRule r : plan.rules()) {
                out.println(r);
            }
        }
        if (!LiveParts.changesAuditRules(cfg)) {
            out.println("# rules added while running: none (" + (cfg.audit().deepRules() == AgentConfig.DeepRules.NEVER
                    ? "audit.deep_rules: false" : "audit source " + cfg.audit().source().name().toLowerCase()) + ")");
            return Keelwatch.OK;
        }
        List<String> tier2 = AuditRuleSet.tier2(set, AuditRuleSet.TIER2_KEY);
        out.println("# rules added while running: tier 2 (" + tier2.size() + ", key " + AuditRuleSet.TIER2_KEY + ") "
                + (cfg.audit().deepRules() == AgentConfig.DeepRules.AUTO
                ? "while a container that can write kernel knobs runs" : "for as long as the agent runs") + ":");
        tier2.forEach(out::println);
        out.println("# and for each running Docker container, watches of its /etc and binary directories (key "
                + ContainerWatches.KEY + "), as:");
        out.println(ContainerWatches.lines("/var/lib/docker/overlay2/ID/merged").get(0));
        return Keelwatch.OK;
    }
}
