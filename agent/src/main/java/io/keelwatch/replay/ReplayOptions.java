package io.keelwatch.replay;

import java.io.PrintStream;

/**
 * How to replay.
 *
 * @param fromMs         first receive time fed (inputs before it only set state: lookups, Docker events, config)
 * @param toMs           last receive time fed
 * @param rulesText      the rules to use, given to the core first; null keeps the recorded ones
 * @param progress       where progress lines go (stderr), or null
 * @param progressEveryMs wall time between progress lines
 */
public record ReplayOptions(long fromMs, long toMs, String rulesText, PrintStream progress, long progressEveryMs) {

    /** The config change that carries rules (the pipeline core's constant). */
    public static final String RULES = "rules";

    public static ReplayOptions all(String rulesText) {
        return new ReplayOptions(Long.MIN_VALUE, Long.MAX_VALUE, rulesText, null, 2_000);
    }

    public ReplayOptions between(long from, long to) {
        return new ReplayOptions(from, to, rulesText, progress, progressEveryMs);
    }

    public ReplayOptions withProgress(PrintStream out) {
        return new ReplayOptions(fromMs, toMs, rulesText, out, progressEveryMs);
    }
}
