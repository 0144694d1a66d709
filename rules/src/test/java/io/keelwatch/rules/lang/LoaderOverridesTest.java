package io.keelwatch.rules.lang;

import static io.keelwatch.rules.testing.Rules.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.rules.engine.Category;
import io.keelwatch.rules.engine.Match;
import io.keelwatch.rules.engine.RuleEngine;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import io.keelwatch.rules.testing.Ev;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files, later ones overriding earlier ones: append, replace, the older append: true, enable toggles, exceptions. */
class LoaderOverridesTest {
    private static final String BASE = """
            - required_engine_version: 0.57.0
            - required_plugin_versions:
                - name: container
                  version: 0.4.0
            - list: tools
              items: [nc]
            - macro: in_ctr
              condition: container.id != host
            - rule: tool run
              desc: a tool ran
              condition: evt.type = execve and proc.name in (tools)
              output: tool %proc.name
              priority: WARNING
              tags: [T1046]
            """;

    private final EnrichedEvent ncat = Ev.exec("/usr/bin/ncat", "ncat", "-l").inContainer().build();
    private final EnrichedEvent nc = Ev.exec("/usr/bin/nc", "nc", "-e", "/bin/sh").inContainer().build();

    private static List<Match> run(RuleSet set, EnrichedEvent e) {
        assertEquals(List.of(), set.errors());
        return new RuleEngine(set).evaluate(e);
    }

    private static RuleSet files(Path dir, String... texts) throws Exception {
        for (int i = 0; i < texts.length; i++) {
            Files.writeString(dir.resolve(i + "-rules.yaml"), texts[i]);
        }
        return RuleLoader.load(List.of(dir));
    }

    @Test
    void listAppendInLaterFile(@TempDir Path dir) throws Exception {
        RuleSet set = files(dir, BASE, "- list: tools\n  items: [ncat]\n  override:\n    items: append\n");
        assertEquals(1, run(set, ncat).size());
        assertEquals(1, run(set, nc).size());
    }

    @Test
    void olderAppendTrueForms() {
        RuleSet set = yaml(BASE + """
                - list: tools
                  items: [ncat]
                  append: true
                - rule: tool run
                  condition: and proc.args contains "-e"
                  append: true
                """);
        assertEquals(0, run(set, ncat).size(), "condition appended: ncat -l lacks -e");
        assertEquals(1, run(set, nc).size());
    }

    @Test
    void overrideReplaceAndAppendOfRuleKeys() {
        RuleSet set = yaml(BASE + """
                - rule: tool run
                  priority: CRITICAL
                  tags: [lateral_probing]
                  output: replaced %proc.cmdline
                  override:
                    priority: replace
                    tags: append
                    output: replace
                """);
        Match m = run(set, nc).get(0);
        assertEquals("CRITICAL", m.priority().name());
        assertEquals(List.of("T1046", "lateral_probing"), m.tags());
        assertEquals(Category.LATERAL_PROBING, m.category());
        assertEquals("replaced nc -e /bin/sh", m.output());
        assertEquals(List.of("T1046"), m.mitre());
    }

    @Test
    void laterFullDefinitionReplacesAndEnabledToggle() {
        RuleSet set = yaml(BASE + "- rule: tool run\n  enabled: false\n");
        assertEquals(0, run(set, nc).size());
        assertEquals(RuleStatus.State.DISABLED, set.statuses().get(0).state());
        RuleSet again = yaml(BASE + "- rule: tool run\n  enabled: false\n- rule: tool run\n  enabled: true\n");
        assertEquals(1, run(again, nc).size());
        RuleSet replaced = yaml(BASE + """
                - rule: tool run
                  desc: replaced
                  condition: evt.type = execve and proc.name = ncat
                  output: ncat
                  priority: INFO
                """);
        assertEquals(0, run(replaced, nc).size());
        assertEquals(1, run(replaced, ncat).size());
    }

    @Test
    void macroAppend() {
        RuleSet set = yaml(BASE + """
                - macro: in_ctr
                  condition: and proc.name = nc
                  override:
                    condition: append
                - rule: ctr
                  desc: d
                  condition: evt.type = execve and in_ctr
                  output: o
                  priority: INFO
                """);
        assertEquals(List.of("tool run", "ctr"), run(set, nc).stream().map(Match::rule).toList());
        assertEquals(List.of(), run(set, ncat).stream().map(Match::rule).toList());
    }

    @Test
    void exceptionsExcuseMatchingTuples() {
        RuleSet set = yaml(BASE.replace("tags: [T1046]", """
                tags: [T1046]
                  exceptions:
                    - name: known_args
                      fields: [proc.name, proc.args]
                      comps: [=, startswith]
                      values:
                        - [nc, "-e /bin/sh"]
                    - name: images
                      fields: container.image
                      values: [redis:7]
                """) + """
                - rule: tool run
                  exceptions:
                    - name: images
                      values: [nginx:1.25]
                  override:
                    exceptions: append
                """);
        assertEquals(0, run(set, nc).size(), "excused by known_args");
        assertEquals(1, run(yaml(BASE.replace("[nc]", "[nc, ncat]")), ncat).size(), "no exceptions: matches");
        EnrichedEvent other = Ev.exec("/usr/bin/nc", "nc", "-z", "h", "1").inContainer().build();
        assertEquals(0, run(set, other).size(), "excused by the appended image value (nginx:1.25)");
        EnrichedEvent elsewhere = Ev.exec("/usr/bin/nc", "nc", "-z", "h", "1").in(Ev.container("db", "postgres:16", List.of())).build();
        assertEquals(1, run(set, elsewhere).size());
    }

    @Test
    void unsupportedFieldsSkipWithReasonNamingRuleFieldAndFile() {
        RuleSet set = yaml(BASE + """
                - rule: k8s audit
                  desc: d
                  condition: ka.verb = create
                  output: o
                  priority: INFO
                  source: k8s_audit
                - rule: vpgid
                  desc: d
                  condition: evt.type = execve and proc.vpgid.name = sshd
                  output: o
                  priority: INFO
                """);
        assertFalse(set.hasErrors());
        assertEquals(List.of("loaded", "skipped", "skipped"), set.statuses().stream().map(s -> s.state().id()).toList());
        String w = set.warnings().stream().map(Object::toString).filter(s -> s.contains("vpgid")).findFirst().orElseThrow();
        assertTrue(w.startsWith("test.yaml:21:3: warning: rule 'vpgid' skipped: field 'proc.vpgid.name'"), w);
        assertTrue(set.statuses().get(1).reason().contains("k8s_audit"));
    }
}
