package io.keelwatch.rules.engine;

import io.keelwatch.rules.lang.Expr;
import io.keelwatch.rules.lang.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code evt.type} values of container lifecycle rules ({@code source: container}), and Falco's
 * own name for a container appearing, {@code container}, which stands for the events that show a
 * container's configuration for the first time: {@code create}, {@code start} and {@code running}
 * (found running when the agent started).
 */
final class LifecycleTypes {
    /** Falco's {@code container} event. */
    static final String FALCO_CONTAINER = "container";
    static final List<String> APPEARS = List.of("create", "start", "running");
    static final Set<String> ALL = Set.of("create", "start", "running", "update", "exec", "die", "image");

    private LifecycleTypes() { }

    static boolean isLifecycle(String type) {
        return ALL.contains(type) || type.equals(FALCO_CONTAINER);
    }

    /** The condition with {@code evt.type} comparisons naming {@code container} widened to what it stands for. */
    static Expr expandAlias(Expr e) {
        return e.accept(new Expr.Visitor<Expr, RuntimeException>() {
            @Override
            public Expr and(Expr.And a) {
                List<Expr> out = new ArrayList<>(a.terms().size());
                a.terms().forEach(t -> out.add(t.accept(this)));
                return new Expr.And(out);
            }

            @Override
            public Expr or(Expr.Or o) {
                List<Expr> out = new ArrayList<>(o.terms().size());
                o.terms().forEach(t -> out.add(t.accept(this)));
                return new Expr.Or(out);
            }

            @Override
            public Expr not(Expr.Not n) {
                return new Expr.Not(n.term().accept(this));
            }

            @Override
            public Expr macro(Expr.MacroRef m) {
                return m;
            }

            @Override
            public Expr constant(Expr.Const c) {
                return c;
            }

            @Override
            public Expr check(Expr.Check c) {
                return alias(c);
            }
        });
    }

    private static Expr alias(Expr.Check c) {
        if (c.field().name().equals("evt.type") && c.field().arg() == null
                && c.modifier() == null && (c.operator() == Op.EQ || c.operator() == Op.IN || c.operator() == Op.NE)) {
            boolean named = false;
            List<Expr.Value> vals = new ArrayList<>();
            for (Expr.Value v : c.values()) {
                if (v.text().equals(FALCO_CONTAINER)) {
                    named = true;
                    APPEARS.forEach(t -> vals.add(new Expr.Value(t, true, v.pos())));
                } else {
                    vals.add(v);
                }
            }
            if (!named) {
                return c;
            }
            Expr in = new Expr.Check(c.field(), Op.IN, vals, true, c.pos());
            return c.operator() == Op.NE ? new Expr.Not(in) : in;
        }
        return c;
    }

    /** Types a container rule names that no lifecycle event has (a typo, or a syscall name). */
    static Set<String> unknown(Set<String> types) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : types) {
            if (!ALL.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
