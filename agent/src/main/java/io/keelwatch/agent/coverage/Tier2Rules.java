package io.keelwatch.agent.coverage;

import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.audit.source.AuditRuleSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tier-2 rules the agent adds, as auditctl text (for logs and the journal) and as kernel rules, all under
 * one key that marks them as the agent's.
 *
 * @param key   the key every rule carries
 * @param lines the rules as auditctl lines, in load order
 * @param rules the same rules, parsed
 */
public record Tier2Rules(String key, List<String> lines, List<AuditRule> rules) {
    public Tier2Rules {
        lines = List.copyOf(lines);
        rules = List.copyOf(rules);
        if (lines.size() != rules.size()) {
            throw new IllegalArgumentException(lines.size() + " lines for " + rules.size() + " rules");
        }
        for (AuditRule r : rules) {
            if (!key.equals(r.key())) {
                throw new IllegalArgumentException("tier-2 rule without the key " + key + ": " + r);
            }
        }
    }

    /**
     * Parses auditctl lines that all carry {@code key}.
     *
     * @throws IllegalArgumentException naming the line that does not parse or lacks the key
     */
    public static Tier2Rules parse(String key, List<String> lines) {
        List<AuditRule> rules = new ArrayList<>();
        for (String l : lines) {
            try {
                rules.add(AuditRuleParser.parse(l));
            } catch (AuditRuleSyntaxException e) {
                throw new IllegalArgumentException("tier-2 rule '" + l + "': " + e.reason(), e);
            }
        }
        return new Tier2Rules(key, lines, rules);
    }

    /** The auditctl line of one of these rules. */
    public String lineOf(AuditRule rule) {
        return lines.get(rules.indexOf(rule));
    }
}
