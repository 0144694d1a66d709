package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.lang.Diagnostic;
import io.keelwatch.rules.testing.Rules;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule files built to crash or stall the loader: deep nesting, self-doubling macros and lists, long
 * macro chains and loops. Each is refused with a located error, the file's other rules still load,
 * and the loader returns (the figures it prints are for the note; no timing is asserted).
 */
class LoaderBoundsTest {

    private static final String GOOD = "\n- rule: still here\n  desc: d\n  condition: evt.type = execve\n"
            + "  output: o\n  priority: INFO\n";

    private static RuleSet load(String yaml) {
        long t0 = System.nanoTime();
        RuleSet set = Rules.yaml(yaml + GOOD);
        System.out.printf("  loaded in %.1f ms: %s%n", (System.nanoTime() - t0) / 1e6,
                set.errors().stream().map(Diagnostic::toString).map(s -> s.length() > 200 ? s.substring(0, 200) + "..." : s).toList());
        assertTrue(set.rules().stream().anyMatch(r -> r.name().equals("still here")), "the file's other rules load");
        return set;
    }

    private static String rule(String condition) {
        return "- rule: bad\n  desc: d\n  condition: " + condition + "\n  output: o\n  priority: INFO\n";
    }

    private static String onlyError(RuleSet set) {
        assertEquals(1, set.errors().size(), set.errors()::toString);
        return set.errors().get(0).toString();
    }

    @Test
    void aHundredThousandNestedParensAreRefusedWithTheirLocation() {
        String e = onlyError(load(rule("(".repeat(100_000) + "evt.type = execve" + ")".repeat(100_000))));
        assertTrue(e.startsWith("test.yaml:3:"), e);
        assertTrue(e.contains("exceeded max depth limit of 1000"), e);
    }

    @Test
    void aHundredThousandNestedNotsAreRefusedAndABareNotRunToggles() {
        String e = onlyError(load(rule("not (".repeat(100_000) + "evt.type = execve" + ")".repeat(100_000))));
        assertTrue(e.contains("exceeded max depth limit"), e);
        RuleSet run = load(rule("not ".repeat(100_000) + "evt.type = execve"));
        assertEquals(List.of(), run.errors(), "an even run of 'not' is no negation, as in Falco");
    }

    @Test
    void aMacroDoublingItselfThirtyTimesIsRefused() {
        StringBuilder y = new StringBuilder("- macro: m0\n  condition: proc.name = a\n");
        for (int k = 1; k <= 30; k++) {
            y.append("- macro: m").append(k).append("\n  condition: (m").append(k - 1).append(" or m").append(k - 1).append(")\n");
        }
        String e = onlyError(load(y + rule("evt.type = execve and m30")));
        assertTrue(e.contains("expands to more than"), e);
    }

    @Test
    void aListDoublingItselfThirtyTimesIsRefused() {
        StringBuilder y = new StringBuilder("- list: l0\n  items: [a]\n");
        for (int k = 1; k <= 30; k++) {
            y.append("- list: l").append(k).append("\n  items: [l").append(k - 1).append(", l").append(k - 1).append("]\n");
        }
        String e = onlyError(load(y + rule("evt.type = execve and proc.name in (l30)")));
        assertTrue(e.contains("expands to more than"), e);
    }

    @Test
    void aThreeThousandMacroChainIsRefusedNotOverflowed() {
        StringBuilder y = new StringBuilder("- macro: m0\n  condition: proc.name = a\n");
        for (int k = 1; k <= 3000; k++) {
            y.append("- macro: m").append(k).append("\n  condition: m").append(k - 1).append("\n");
        }
        String e = onlyError(load(y + rule("evt.type = execve and m3000")));
        assertTrue(e.contains("levels once macros are inlined"), e);
    }

    @Test
    void aTenThousandNotChainLoadsAsOneNegationOrIsRefusedWhenItNests() {
        RuleSet odd = load(rule("not ".repeat(10_001) + "evt.type = execve"));
        assertEquals(List.of(), odd.errors());
        CompiledRule negated = odd.rules().stream().filter(r -> r.name().equals("bad")).findFirst().orElseThrow();
        assertEquals(null, negated.eventTypes(), "an odd run of 'not' is one negation: any syscall may satisfy it");
        RuleSet even = load(rule("not ".repeat(10_000) + "evt.type = execve"));
        assertEquals(java.util.Set.of("execve"), even.rules().get(0).eventTypes(), "an even run is none");
        String e = onlyError(load(rule("not(".repeat(10_000) + "evt.type = execve" + ")".repeat(10_000))));
        assertTrue(e.matches("test\\.yaml:3:\\d+: .*exceeded max depth limit of " + io.keelwatch.rules.lang.ConditionParser.MAX_DEPTH
                + ".*"), e);
    }

    @Test
    void aDeepMacroBodyIsRefusedWhereItStandsAndANotMacroChainWhereItIsUsed() {
        String deep = "- macro: deep\n  condition: " + "(".repeat(100_000) + "proc.name = a" + ")".repeat(100_000) + "\n";
        List<String> errors = load(deep + rule("evt.type = execve and deep")).errors().stream().map(Diagnostic::toString).toList();
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.get(0).matches("test\\.yaml:2:\\d+: macro 'deep': exceeded max depth limit.*"), "the macro's own line: " + errors);
        assertTrue(errors.get(1).matches("test\\.yaml:5:\\d+: rule 'bad': macro 'deep' does not parse.*"), "and where it is used: " + errors);
        StringBuilder y = new StringBuilder("- macro: m0\n  condition: proc.name = a\n");
        for (int k = 1; k <= 10_000; k++) {
            y.append("- macro: m").append(k).append("\n  condition: not m").append(k - 1).append("\n");
        }
        String e = onlyError(load(y + rule("evt.type = execve and m10000")));
        assertTrue(e.contains("levels once macros are inlined"), e);
        assertTrue(e.matches("test\\.yaml:\\d+:\\d+: .*"), "located: " + e);
        assertFalse(e.startsWith("test.yaml:20003:"), "at the reference inlined too deep, not at the rule: " + e);
    }

    @Test
    void loopsAreReportedAsLoops() {
        String e = onlyError(load("- macro: a\n  condition: b\n- macro: b\n  condition: a\n" + rule("evt.type = execve and a")));
        assertTrue(e.contains("reference loop in macro 'a' (a -> b -> a)"), e);
        e = onlyError(load("- list: x\n  items: [y]\n- list: y\n  items: [x]\n" + rule("evt.type = execve and proc.name in (x)")));
        assertTrue(e.contains("reference loop in list"), e);
    }

    @Test
    void deepYamlIsAYamlErrorNotACrash() {
        RuleSet set = Rules.yaml("- rule: r\n  desc: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        assertTrue(set.hasErrors());
        assertTrue(set.errors().get(0).toString().contains("YAML"), set.errors()::toString);
    }
}
