package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.rules.testing.Ev;
import io.keelwatch.rules.testing.Rules;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Rules are indexed by the syscalls their condition allows; an event meets only those. */
class EngineIndexTest {

    @Test
    void eventTypesAreDerivedFromConditions() {
        RuleSet set = Rules.yaml("""
                - macro: spawned
                  condition: evt.type in (execve, execveat)
                - rule: exec
                  desc: d
                  condition: spawned and proc.name = sh
                  output: o
                  priority: INFO
                - rule: exec or connect
                  desc: d
                  condition: (spawned and proc.name = sh) or (evt.type = connect and fd.sport = 1)
                  output: o
                  priority: INFO
                - rule: narrowed
                  desc: d
                  condition: evt.type in (open, openat) and evt.type = openat
                  output: o
                  priority: INFO
                - rule: any
                  desc: d
                  condition: proc.name = sh and not evt.type = execve
                  output: o
                  priority: INFO
                """);
        List<CompiledRule> r = set.rules();
        assertEquals(Set.of("execve", "execveat"), r.get(0).eventTypes());
        assertEquals(Set.of("execve", "execveat", "connect"), r.get(1).eventTypes());
        assertEquals(Set.of("openat"), r.get(2).eventTypes());
        assertNull(r.get(3).eventTypes());
        RuleEngine engine = new RuleEngine(set);
        assertEquals(List.of("exec", "exec or connect", "any"), engine.rulesFor("execve").stream().map(CompiledRule::name).toList());
        assertEquals(List.of("narrowed", "any"), engine.rulesFor("openat").stream().map(CompiledRule::name).toList());
        assertEquals(List.of("any"), engine.rulesFor("unlink").stream().map(CompiledRule::name).toList());
        assertTrue(set.warnings().stream().anyMatch(w -> w.message().contains("does not restrict evt.type")));
    }

    @Test
    void eventOnlyMeetsIndexedRulesAndCountsEvaluations() {
        RuleEngine engine = new RuleEngine(RuleLoader.loadDefaultPack());
        engine.evaluate(Ev.syscall("getpid").build());
        assertEquals(0, engine.rulesEvaluated(), "no shipped rule can match getpid");
        engine.evaluate(Ev.exec("/bin/ls", "ls").inContainer().build());
        long execRules = engine.rulesFor("execve").size();
        assertEquals(execRules, engine.rulesEvaluated());
        assertTrue(execRules < engine.ruleSet().rules().size() / 2, "exec meets a minority of the pack");
    }

    @Test
    void outputRendersFieldsAndKeepsTheirValues() {
        RuleSet set = Rules.one("evt.type = execve", "");
        Match m = new RuleEngine(set).evaluate(Ev.exec("/bin/sh", "sh").build()).get(0);
        assertEquals("out sh", m.output());
        assertEquals("sh", m.fields().get("proc.name"));
        assertEquals(Priority.WARNING, m.priority());
        assertEquals(Category.OTHER, m.category());
        assertEquals("test rule", m.desc());
    }
}
