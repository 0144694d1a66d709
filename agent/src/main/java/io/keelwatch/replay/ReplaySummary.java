package io.keelwatch.replay;

import io.keelwatch.alert.Alert;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary a person reads at the end of a replay: alerts by category and by rule, the inputs read, the log time
 * they span, and everything dropped or skipped on the way. Counts the alerts it is shown ({@link #count}); the
 * replay's own statistics come in at the end.
 */
public final class ReplaySummary {
    private final Map<String, Long> byRule = new TreeMap<>();
    private final Map<String, Long> byCategory = new TreeMap<>();
    private long alerts;

    /** One alert that was printed. */
    public void count(Alert a) {
        alerts++;
        byRule.merge(a.rule(), 1L, Long::sum);
        byCategory.merge(a.category().id(), 1L, Long::sum);
    }

    public long alerts() {
        return alerts;
    }

    /**
     * @param dropped inputs and events the pipeline dropped, by reason (empty when none)
     */
    public void print(PrintStream err, ReplayStats stats, long unanswered, Map<String, Long> dropped) {
        err.println();
        err.println("Summary");
        err.printf("  inputs read     %,d (%,d more for state before --from)%n", stats.inputs(), stats.stateInputs());
        if (stats.firstMs() >= 0) {
            err.printf("  log time        %s .. %s (%s)%n", Instant.ofEpochMilli(stats.firstMs()),
                    Instant.ofEpochMilli(stats.lastMs()), human(Duration.ofMillis(stats.lastMs() - stats.firstMs())));
        }
        err.printf("  took            %.1f s (%,.0f inputs/s)%n", stats.wallNanos() / 1e9, stats.inputsPerSecond());
        err.printf("  alerts          %,d%n", alerts);
        table(err, "  by category", byCategory);
        table(err, "  by rule", byRule);
        long lost = stats.corrupt() + unanswered + dropped.values().stream().mapToLong(Long::longValue).sum();
        if (lost == 0 && stats.rulesReplaced() == 0) {
            err.println("  dropped         nothing");
            return;
        }
        err.println("  dropped or skipped");
        if (stats.corrupt() > 0) {
            err.printf("    %,10d  corrupt journal excerpts%n", stats.corrupt());
        }
        if (unanswered > 0) {
            err.printf("    %,10d  lookups with no recorded answer%n", unanswered);
        }
        if (stats.rulesReplaced() > 0) {
            err.printf("    %,10d  recorded rules changes replaced by --rules%n", stats.rulesReplaced());
        }
        new TreeMap<>(dropped).forEach((why, n) -> {
            if (n > 0) {
                err.printf("    %,10d  %s%n", n, why);
            }
        });
    }

    private static void table(PrintStream err, String title, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        err.println(title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> err.printf("    %,10d  %s%n", e.getValue(), e.getKey()));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return String.format("%.1f h", s / 3600.0);
    }
}
