package io.keelwatch.rules.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed rule files: every error is reported at the exact file:line:col of the offending token. */
class BrokenFilesTest {

    private static Path broken(String name) {
        return Path.of(System.getProperty("keelwatch.root"), "rules", "src", "test", "resources", "broken", name);
    }

    private static List<String> errors(String file) {
        Path p = broken(file);
        RuleSet set = RuleLoader.load(List.of(p));
        return set.errors().stream().map(d -> d.toString().replace(p.toString(), file)).toList();
    }

    @Test
    void yamlSyntaxErrorPointsAtTheProblem() {
        List<String> e = errors("bad-yaml.yaml");
        assertEquals(1, e.size(), e.toString());
        assertEquals("bad-yaml.yaml:5:9", e.get(0).substring(0, e.get(0).indexOf(": ")));
    }

    @Test
    void conditionSyntaxErrorsPointAtTheToken() {
        assertEquals(List.of(
                "bad-condition.yaml:3:14: rule 'unbalanced parenthesis': unbalanced '(': missing ')'",
                "bad-condition.yaml:11:9: rule 'doubled and': unexpected 'and'",
                "bad-condition.yaml:17:48: rule 'missing value': expected a string value or a field with a valid transformer but found '<end>'",
                "bad-condition.yaml:23:26: rule 'list operator without list': 'execve' is not a defined list: operator 'in' needs a parenthesised list or a list name"),
                errors("bad-condition.yaml"));
    }

    @Test
    void semanticErrorsPointAtTheirSource() {
        assertEquals(List.of(
                "bad-semantics.yaml:45:76: window.threshold must be a positive integer, not 'many'",
                "bad-semantics.yaml:48:3: Unexpected key 'desc': an item with 'override' may only carry the keys its 'override' lists",
                "bad-semantics.yaml:47:3: override of undefined rule 'nothing to override'",
                "bad-semantics.yaml:53:3: append to undefined list 'extra'",
                "bad-semantics.yaml:2:27: macro 'shells': unbalanced '(' in list: missing ')'",
                "bad-semantics.yaml:6:36: rule 'uses broken macro': macro 'shells' does not parse "
                        + "(bad-semantics.yaml:2:27: unbalanced '(' in list: missing ')')",
                "bad-semantics.yaml:12:36: rule 'undefined macro': undefined macro 'spawnd_process'",
                "bad-semantics.yaml:18:45: rule 'number expected': user.uid =: 'root' is not a number",
                "bad-semantics.yaml:22:3: unknown priority 'SEVERE'",
                "bad-semantics.yaml:28:3: rule 'no priority' has no priority",
                "bad-semantics.yaml:33:3: unknown category 'spying' (container_escape, crypto_mining, host_mount_abuse, "
                        + "lateral_probing, stale_container, other)"),
                errors("bad-semantics.yaml"));
    }
}
