package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule distribution: the digest follows exactly what is loaded, versions come from the files. */
class RulePackTest {

    private static RuleLoader.RuleText t(String name, String text) {
        return new RuleLoader.RuleText(name, text);
    }

    @Test
    void digestChangesWithAnyNameContentOrOrderAndOnlyThen() {
        List<RuleLoader.RuleText> a = List.of(t("a.yaml", "- list: x\n  items: [1]\n"), t("b.yaml", "- list: y\n  items: [2]\n"));
        String d = RulePack.digest(a);
        assertTrue(d.matches("sha256:[0-9a-f]{64}"), d);
        assertEquals(d, RulePack.digest(List.of(t("a.yaml", "- list: x\n  items: [1]\n"), t("b.yaml", "- list: y\n  items: [2]\n"))));
        assertNotEquals(d, RulePack.digest(List.of(a.get(1), a.get(0))), "order");
        assertNotEquals(d, RulePack.digest(List.of(t("a2.yaml", a.get(0).text()), a.get(1))), "name");
        assertNotEquals(d, RulePack.digest(List.of(t("a.yaml", "- list: x\n  items: [1, 3]\n"), a.get(1))), "content");
        assertNotEquals(RulePack.digest(List.of(t("ab", "c"))), RulePack.digest(List.of(t("a", "bc"))), "no ambiguity at the seams");
    }

    @Test
    void versionsAreDeclaredNearTheTop() {
        Map<String, String> v = RulePack.versions(List.of(t("a.yaml", "# my pack\n# version: 1.4.2\n- list: x\n  items: []\n"),
                t("b.yaml", "- list: y\n  items: []\n")));
        assertEquals(Map.of("a.yaml", "1.4.2"), v);
        assertEquals("0.1.0", RulePack.shippedVersion());
    }
}
