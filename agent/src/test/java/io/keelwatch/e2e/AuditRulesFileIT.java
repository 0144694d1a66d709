package io.keelwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** systemd/audit/keelwatch.rules is exactly what the shipped pack needs: the generator's output, byte for byte. */
class AuditRulesFileIT {

    private final Path root = Path.of(System.getProperty("keelwatch.root", "..")).toAbsolutePath().normalize();

    @Test
    void committedAuditRulesAreTheGeneratorsOutput() {
        Cmd.Result r = Cmd.run(Duration.ofMinutes(1), root,
                List.of(root.resolve("packaging/gen-audit-rules.sh").toString(), "--check"));
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    @Test
    void auditRulesFileHasRulesAndNoControlLineThatWouldLockOrFlushTheHost() throws Exception {
        List<String> lines = Files.readAllLines(root.resolve("systemd/audit/keelwatch.rules")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("-a ")), "no audit rule in " + lines);
        // rules.d files are concatenated by augenrules: -D would delete other packages' rules, -e 2 locks them all.
        assertTrue(lines.stream().noneMatch(l -> l.equals("-D") || l.startsWith("-e 2")), lines.toString());
    }
}
