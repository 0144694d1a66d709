package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.keelwatch.rules.lang.Diagnostic;
import io.keelwatch.rules.lang.WarningCode;
import io.keelwatch.rules.testing.Rules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Falco's load warnings with their codes: unused macros and lists, reached or not through others. */
class WarningCodesTest {

    @Test
    void unusedMacrosAndListsAreReportedWithFalcosCodes() {
        RuleSet set = Rules.yaml("""
                - list: used_inside
                  items: [sh]
                - list: used
                  items: [bash, used_inside]
                - list: never
                  items: [zsh]
                - macro: used_macro
                  condition: proc.name in (used)
                - macro: orphan
                  condition: proc.name = x
                - rule: r
                  desc: d
                  condition: evt.type = execve and used_macro
                  output: o
                  priority: INFO
                """);
        List<String> unused = set.warnings().stream().filter(d -> d.code() != null)
                .map(d -> d.code() + " " + d.rule()).toList();
        assertEquals(List.of(WarningCode.LOAD_UNUSED_MACRO + " orphan", WarningCode.LOAD_UNUSED_LIST + " never"), unused);
        Diagnostic orphan = set.warnings().stream().filter(d -> "orphan".equals(d.rule())).findFirst().orElseThrow();
        assertEquals(9, orphan.location().line());
    }
}
