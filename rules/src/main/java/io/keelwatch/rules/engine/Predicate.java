package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.EvalContext;

/** A compiled condition or part of one. */
@FunctionalInterface
public interface Predicate {
    boolean test(EvalContext c);

    Predicate TRUE = c -> true;
    Predicate FALSE = c -> false;

    static Predicate and(Predicate[] ps) {
        if (ps.length == 2) {
            Predicate a = ps[0];
            Predicate b = ps[1];
            return c -> a.test(c) && b.test(c);
        }
        return c -> {
            for (Predicate p : ps) {
                if (!p.test(c)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Predicate or(Predicate[] ps) {
        if (ps.length == 2) {
            Predicate a = ps[0];
            Predicate b = ps[1];
            return c -> a.test(c) || b.test(c);
        }
        return c -> {
            for (Predicate p : ps) {
                if (p.test(c)) {
                    return true;
                }
            }
            return false;
        };
    }

    static Predicate not(Predicate p) {
        return c -> !p.test(c);
    }
}
