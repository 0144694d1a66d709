package io.keelwatch.rules.fields;

import java.util.List;

/**
 * Reads one field of the subject held by an {@link EvalContext}. Bound once per (field, argument)
 * at load time; typed so that numbers stay primitive on the event path.
 */
public sealed interface Extractor permits Extractor.Str, Extractor.Num, Extractor.Multi {

    /** Marks an absent number (the subject has no such value). */
    long MISSING = Long.MIN_VALUE;

    /**
     * One method per shape of value: a new shape does not compile until every use handles it. Used at
     * load time (binding, operators) and once per rendered output field, never per evaluated check.
     */
    interface Visitor<R> {
        R str(Str s);

        R num(Num n);

        R multi(Multi m);
    }

    <R> R accept(Visitor<R> v);

    @FunctionalInterface
    non-sealed interface Str extends Extractor {
        /** The value, or {@code null} when absent. */
        String get(EvalContext c);

        @Override
        default <R> R accept(Visitor<R> v) {
            return v.str(this);
        }
    }

    /** Numbers and booleans (1/0). */
    @FunctionalInterface
    non-sealed interface Num extends Extractor {
        /** The value, or {@link #MISSING}. */
        long get(EvalContext c);

        @Override
        default <R> R accept(Visitor<R> v) {
            return v.num(this);
        }
    }

    /** Multi-valued fields (ancestors, mounts, capabilities): a check matches when any element does. */
    @FunctionalInterface
    non-sealed interface Multi extends Extractor {
        /** The values, never {@code null}; empty when absent. */
        List<String> get(EvalContext c);

        @Override
        default <R> R accept(Visitor<R> v) {
            return v.multi(this);
        }
    }
}
