package io.keelwatch.replay;

import java.io.PrintStream;

/**
 * How to replay.
 *
 * @param fromMs         start of the range: alerts before it are not wanted
 * @param toMs           last receive time fed
 * @param cold           skip the audit input before {@code fromMs} (faster; only lookups, Docker events and
 *                       config changes carry state over, so processes started earlier are not known); by
 *                       default everything before {@code fromMs} is replayed too, so the range's alerts
 *                       are exactly those of a full replay
 * @param rulesText      the rules to use, given to the core first; null keeps the recorded ones
 * @param progress       where progress lines go (stderr), or null
 * @param progressEveryMs wall time between progress lines
 */
public record ReplayOptions(long fromMs, long toMs, boolean cold, String rulesText, PrintStream progress,
                            long progressEveryMs) {

    /** The config change that carries rules (the pipeline core's constant). */
    public static final String RULES = io.keelwatch.agent.pipeline.PipelineCore.RULES;

    public static ReplayOptions all(String rulesText) {
        return new ReplayOptions(Long.MIN_VALUE, Long.MAX_VALUE, false, rulesText, null, 2_000);
    }

    public ReplayOptions between(long from, long to) {
        return new ReplayOptions(from, to, cold, rulesText, progress, progressEveryMs);
    }

    public ReplayOptions withProgress(PrintStream out) {
        return new ReplayOptions(fromMs, toMs, cold, rulesText, out, progressEveryMs);
    }

    public ReplayOptions coldStart() {
        return new ReplayOptions(fromMs, toMs, true, rulesText, progress, progressEveryMs);
    }

    /** Whether an alert at this log time is in the range. */
    public boolean inRange(long timeMs) {
        return timeMs >= fromMs && timeMs <= toMs;
    }
}
