package io.keelwatch.agent.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shipped health rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}). */
@Tag("host")
class AlertingRulesTest {
    private static final Path DIR = Path.of(System.getProperty("keelwatch.root", ".."), "packaging/prometheus");

    private static String promtool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void rulesAreValid() throws Exception {
        String out = promtool("check", "rules", "keelwatch-alerts.yml");
        assertEquals(true, out.contains("SUCCESS: 9 rules found"), out);
    }

    @Test
    void rulesFireWhenTheyShouldAndNotOtherwise() throws Exception {
        promtool("test", "rules", "keelwatch-alerts.test.yml");
    }
}
