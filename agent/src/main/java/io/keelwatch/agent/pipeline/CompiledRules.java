package io.keelwatch.agent.pipeline;

import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;

/**
 * A rules bundle ({@link RulesBundle}) and what compiling it gave, read once at start and shared by everyone who
 * needs the rules: the audit rules the agent loads, tier 2, and the detector. A rule set is immutable, so sharing
 * it is safe; each detector still gets its own engine, whose windows and counters start empty.
 *
 * @param content the bundle's text, as the journal records it (empty: the shipped pack)
 * @param rules   the compiled rules, errors included
 */
public record CompiledRules(String content, RuleSet rules) {

    public static CompiledRules compile(String content) {
        return new CompiledRules(content, RuleLoader.compile(content.isBlank() ? RuleLoader.defaultPack()
                : RulesBundle.decode(content)));
    }
}
