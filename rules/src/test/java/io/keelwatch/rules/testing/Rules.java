package io.keelwatch.rules.testing;

import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Match;
import io.keelwatch.rules.engine.RuleEngine;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import java.util.List;

/** Compiles one-off rules for tests. */
public final class Rules {
    private Rules() { }

    /** A file with one rule named {@code t}, plus any extra YAML (lists, macros) before it. */
    public static RuleSet one(String condition, String extraYaml) {
        String yaml = extraYaml + "\n- rule: t\n  desc: test rule\n  condition: >\n    "
                + condition.replace("\n", "\n    ") + "\n  output: out %proc.name\n  priority: WARNING\n";
        return RuleLoader.compile(List.of(new RuleLoader.RuleText("test.yaml", yaml)));
    }

    public static boolean matches(String condition, EnrichedEvent e) {
        return matches(condition, "", e);
    }

    public static boolean matches(String condition, String extraYaml, EnrichedEvent e) {
        RuleSet set = one(condition, extraYaml);
        if (set.hasErrors() || set.rules().size() != 1) {
            throw new AssertionError("rule did not load: " + set.diagnostics() + " " + set.statuses());
        }
        List<Match> m = new RuleEngine(set).evaluate(e);
        return !m.isEmpty();
    }

    public static RuleSet yaml(String yaml) {
        return RuleLoader.compile(List.of(new RuleLoader.RuleText("test.yaml", yaml)));
    }
}
