package io.keelwatch.rules.fields;

import java.util.List;

/**
 * Reads one field of the subject held by an {@link EvalContext}. Bound once per (field, argument)
 * at load time; typed so that numbers stay primitive on the event path.
 */
public sealed interface Extractor permits Extractor.Str, Extractor.Num, Extractor.Multi {

    /** Marks an absent number (the subject has no such value). */
    long MISSING = Long.MIN_VALUE;

    @FunctionalInterface
    non-sealed interface Str extends Extractor {
        /** The value, or {@code null} when absent. */
        String get(EvalContext c);
    }

    /** Numbers and booleans (1/0). */
    @FunctionalInterface
    non-sealed interface Num extends Extractor {
        /** The value, or {@link #MISSING}. */
        long get(EvalContext c);
    }

    /** Multi-valued fields (ancestors, mounts, capabilities): a check matches when any element does. */
    @FunctionalInterface
    non-sealed interface Multi extends Extractor {
        /** The values, never {@code null}; empty when absent. */
        List<String> get(EvalContext c);
    }
}
