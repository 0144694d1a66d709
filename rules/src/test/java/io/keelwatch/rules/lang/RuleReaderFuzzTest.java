package io.keelwatch.rules.lang;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keelwatch.rules.engine.RuleLoader;
import io.keelwatch.rules.engine.RuleSet;
import io.keelwatch.rules.engine.RuleStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the whole rule reader (YAML, items, definitions, condition parser, macro and list expansion,
 * binding, outputs): any text loads to a {@link RuleSet} whose problems are diagnostics with a
 * location; nothing is thrown, nothing overflows the stack. The input is also parsed on its own as a
 * condition. Seeds ({@code RuleReaderFuzzTestInputs/loadAnything}) are rule files and conditions that
 * reach every part; {@code mvn test} replays them, {@code JAZZER_FUZZ=1} fuzzes.
 */
class RuleReaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void loadAnything(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("fuzz.yaml", text)));
        for (Diagnostic d : set.diagnostics()) {
            assertNotNull(d.location(), () -> "a diagnostic without a location: " + d);
            assertTrue(d.location().line() >= 1 && d.location().col() >= 1, d::toString);
        }
        for (RuleStatus s : set.statuses()) {
            if (s.state() == RuleStatus.State.SKIPPED) {
                assertTrue(!s.reason().isEmpty(), "a skip says why");
            }
        }
        try {
            ConditionParser.parse(SourceText.synthetic("c", text));
        } catch (ConditionSyntaxException e) {
            assertNotNull(e.location());
            assertTrue(e.location().col() >= 1);
        }
    }
}
