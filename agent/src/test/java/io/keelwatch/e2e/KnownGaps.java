package io.keelwatch.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * test-fixtures/e2e/known-gaps.txt: scenarios the current build is known to get wrong, each with the reason and
 * who owns the fix. A listed scenario that fails is shown on the scorecard as a known gap instead of failing the
 * suite; an unlisted failure fails it; a listed scenario that passes is flagged so the entry gets removed.
 * Lines: {@code MODE SCENARIO REASON...} where MODE is auditd, netlink or *.
 */
final class KnownGaps {

    private final Map<String, String> reasons = new HashMap<>();

    static KnownGaps load(Path file) {
        KnownGaps g = new KnownGaps();
        if (!Files.exists(file)) {
            return g;
        }
        try {
            int n = 0;
            for (String raw : Files.readAllLines(file)) {
                n++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+", 3);
                if (parts.length < 3) {
                    throw new IllegalArgumentException(file + ":" + n + ": expected MODE SCENARIO REASON");
                }
                g.reasons.put(parts[0] + " " + parts[1], parts[2]);
            }
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented reason this scenario may fail in this mode, or null. */
    String reason(String mode, String scenario) {
        String r = reasons.get(mode + " " + scenario);
        return r != null ? r : reasons.get("* " + scenario);
    }
}
