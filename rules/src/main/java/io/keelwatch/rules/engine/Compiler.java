package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.FieldType;
import io.keelwatch.rules.fields.Fields;
import io.keelwatch.rules.fields.Source;
import io.keelwatch.rules.lang.ConditionParser;
import io.keelwatch.rules.lang.ConditionSyntaxException;
import io.keelwatch.rules.lang.Definitions;
import io.keelwatch.rules.lang.Expr;
import io.keelwatch.rules.lang.Location;
import io.keelwatch.rules.lang.Modifier;
import io.keelwatch.rules.lang.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns conditions into predicates: macros are inlined, lists expanded, fields bound, and the set
 * of syscalls that can satisfy the condition is derived for the engine's per-type index.
 */
final class Compiler {

    /** A problem tied to a place in a condition. */
    static final class CompileError extends Exception {
        final transient Location location;

        CompileError(Location location, String message) {
            super(message);
            this.location = location;
        }
    }

    private final Definitions defs;
    private final Map<String, Expr> macroAst = new HashMap<>();
    private final Map<String, ConditionSyntaxException> macroErrors = new HashMap<>();
    private final Map<String, List<String>> listCache = new HashMap<>();
    private final Set<String> usedMacros = new java.util.HashSet<>();
    private final Set<String> usedLists = new java.util.HashSet<>();

    Compiler(Definitions defs) {
        this.defs = defs;
        for (Definitions.MacroDef m : defs.macros().values()) {
            try {
                macroAst.put(m.name(), ConditionParser.parse(m.condition()));
            } catch (ConditionSyntaxException e) {
                macroErrors.put(m.name(), e);
            }
        }
    }

    /** Macros some expansion inlined. */
    Set<String> usedMacros() {
        return usedMacros;
    }

    /** Lists some expansion read (directly or inside another list). */
    Set<String> usedLists() {
        return usedLists;
    }

    Map<String, ConditionSyntaxException> macroErrors() {
        return macroErrors;
    }

    /** Terms plus list values one rule may expand to (Falco's largest rule needs 776): a macro or list doubling itself is refused here. */
    static final int MAX_EXPANDED = 100_000;
    /** Nesting of the expanded condition (macros inside macros; Falco's own rules need under 20): keeps every later walk, and evaluation, far from the stack's end. */
    static final int MAX_EXPANDED_DEPTH = 300;

    private int budget;
    private int depth;
    /** The macro reference being inlined: where a depth error points when its node has no place of its own (a not). */
    private Expr.Pos inlining;

    /** Inlines macros and list references; positions keep pointing at the original text. */
    Expr expand(Expr e) throws CompileError {
        budget = MAX_EXPANDED;
        depth = 0;
        inlining = null;
        return expand(e, new ArrayDeque<>());
    }

    private void spend(int n, Expr.Pos at, Deque<String> stack) throws CompileError {
        budget -= n;
        if (budget < 0) {
            throw new CompileError(at == null ? null : at.location(), "condition expands to more than " + MAX_EXPANDED
                    + " terms and values" + (stack.isEmpty() ? "" : " (through macros " + String.join(" -> ", reversed(stack)) + ")")
                    + ": refused");
        }
    }

    private static List<String> reversed(Deque<String> stack) {
        List<String> out = new ArrayList<>(stack);
        java.util.Collections.reverse(out);
        return out;
    }

    /** Terms and values the last successful {@link #expand} produced. */
    int lastExpandedSize() {
        return MAX_EXPANDED - budget;
    }

    private Expr expand(Expr e, Deque<String> stack) throws CompileError {
        if (++depth > MAX_EXPANDED_DEPTH) {
            throw new CompileError(firstPos(e), "condition nests more than " + MAX_EXPANDED_DEPTH
                    + " levels once macros are inlined" + (stack.isEmpty() ? "" : " (through macros "
                    + String.join(" -> ", reversed(stack).subList(0, Math.min(5, stack.size()))) + " ...)"));
        }
        try {
            return expandNode(e, stack);
        } finally {
            depth--;
        }
    }

    private Location firstPos(Expr e) {
        Expr.Pos at = e.pos() != null ? e.pos() : inlining;
        return at == null ? null : at.location();
    }

    private Expr expandNode(Expr e, Deque<String> stack) throws CompileError {
        spend(1, null, stack);
        return e.accept(new Expr.Visitor<Expr, CompileError>() {
            @Override
            public Expr and(Expr.And a) throws CompileError {
                List<Expr> out = new ArrayList<>(a.terms().size());
                for (Expr t : a.terms()) {
                    out.add(expand(t, stack));
                }
                return new Expr.And(out);
            }

            @Override
            public Expr or(Expr.Or o) throws CompileError {
                List<Expr> out = new ArrayList<>(o.terms().size());
                for (Expr t : o.terms()) {
                    out.add(expand(t, stack));
                }
                return new Expr.Or(out);
            }

            @Override
            public Expr not(Expr.Not n) throws CompileError {
                return new Expr.Not(expand(n.term(), stack));
            }

            @Override
            public Expr constant(Expr.Const c) {
                return c;
            }

            @Override
            public Expr macro(Expr.MacroRef m) throws CompileError {
                if (stack.contains(m.name())) {
                    throw new CompileError(m.pos().location(), "reference loop in macro '" + m.name() + "' ("
                            + String.join(" -> ", reversed(stack)) + " -> " + m.name() + ")");
                }
                ConditionSyntaxException bad = macroErrors.get(m.name());
                if (bad != null) {
                    throw new CompileError(m.pos().location(), "macro '" + m.name() + "' does not parse ("
                            + bad.location() + ": " + bad.getMessage() + ")");
                }
                Expr body = macroAst.get(m.name());
                if (body == null) {
                    String hint = Fields.lookup(m.name()) != null ? "field '" + m.name() + "' needs an operator"
                            : "undefined macro '" + m.name() + "'";
                    throw new CompileError(m.pos().location(), hint);
                }
                usedMacros.add(m.name());
                stack.push(m.name());
                Expr.Pos outer = inlining;
                inlining = m.pos();
                try {
                    return expand(body, stack);
                } finally {
                    inlining = outer;
                    stack.pop();
                }
            }

            @Override
            public Expr check(Expr.Check c) throws CompileError {
                if (!c.listForm()) {
                    if (c.takesList() && c.values().size() == 1 && c.values().get(0).field() == null) {
                        Expr.Value v = c.values().get(0);
                        if (!defs.lists().containsKey(v.text())) {
                            throw new CompileError(v.pos().location(), "'" + v.text() + "' is not a defined list: operator '"
                                    + c.op() + "' needs a parenthesised list or a list name");
                        }
                        List<String> items = listItems(v.text(), new ArrayDeque<>());
                        spend(items.size(), v.pos(), stack);
                        List<Expr.Value> vals = new ArrayList<>(items.size());
                        for (String item : items) {
                            vals.add(new Expr.Value(item, true, v.pos()));
                        }
                        return new Expr.Check(c.field(), c.operator(), c.modifier(), vals, true, c.pos());
                    }
                    return c;
                }
                List<Expr.Value> vals = new ArrayList<>();
                for (Expr.Value v : c.values()) {
                    if (!v.quoted() && v.field() == null && defs.lists().containsKey(v.text())) {
                        List<String> items = listItems(v.text(), new ArrayDeque<>());
                        spend(items.size(), v.pos(), stack);
                        for (String item : items) {
                            vals.add(new Expr.Value(item, true, v.pos()));
                        }
                    } else {
                        vals.add(v);
                    }
                }
                return new Expr.Check(c.field(), c.operator(), c.modifier(), vals, true, c.pos());
            }
        });
    }

    private List<String> listItems(String name, Deque<String> stack) throws CompileError {
        usedLists.add(name);
        List<String> cached = listCache.get(name);
        if (cached != null) {
            return cached;
        }
        Definitions.ListDef l = defs.lists().get(name);
        if (stack.contains(name)) {
            throw new CompileError(l.location(), "reference loop in list '" + name + "' ("
                    + String.join(" -> ", reversed(stack)) + " -> " + name + ")");
        }
        if (stack.size() >= MAX_EXPANDED_DEPTH) {
            throw new CompileError(l.location(), "list '" + name + "' nests more than " + MAX_EXPANDED_DEPTH + " lists deep");
        }
        stack.push(name);
        List<String> out = new ArrayList<>();
        for (String item : l.items()) {
            if (defs.lists().containsKey(item) && !item.equals(name)) {
                usedLists.add(item);
                List<String> sub = listItems(item, stack);
                if ((long) out.size() + sub.size() > MAX_EXPANDED) {
                    throw new CompileError(l.location(), "list '" + name + "' expands to more than " + MAX_EXPANDED
                            + " items: refused");
                }
                out.addAll(sub);
            } else {
                out.add(unquote(item));
            }
        }
        stack.pop();
        listCache.put(name, out);
        return out;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /**
     * Descends through and / or / not to every check, telling {@link #check} whether it stands under
     * an odd number of negations. Macros are inlined before any walk, so a {@link Expr.MacroRef} here
     * is a bug.
     */
    private abstract static class CheckWalk implements Expr.Visitor<Void, RuntimeException> {
        private boolean negated;

        abstract void check(Expr.Check c, boolean negated);

        @Override
        public Void and(Expr.And e) {
            e.terms().forEach(t -> t.accept(this));
            return null;
        }

        @Override
        public Void or(Expr.Or e) {
            e.terms().forEach(t -> t.accept(this));
            return null;
        }

        @Override
        public Void not(Expr.Not e) {
            negated = !negated;
            e.term().accept(this);
            negated = !negated;
            return null;
        }

        @Override
        public Void macro(Expr.MacroRef e) {
            throw new IllegalStateException("walk of an unexpanded macro '" + e.name() + "'");
        }

        @Override
        public Void constant(Expr.Const e) {
            return null;
        }

        @Override
        public Void check(Expr.Check c) {
            check(c, negated);
            return null;
        }
    }

    /** Every field a check reads: its own and those of a {@code val()} operand. */
    private static List<String> fieldsRead(Expr.Check c) {
        List<String> read = new ArrayList<>(c.field().baseFields());
        for (Expr.Value v : c.values()) {
            if (v.field() != null) {
                read.addAll(v.field().baseFields());
            }
        }
        return read;
    }

    /** Every field name an expanded condition reads, in the order it reads them (so generated audit rules are stable). */
    static Set<String> fields(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        e.accept(new CheckWalk() {
            @Override
            void check(Expr.Check c, boolean negated) {
                out.addAll(fieldsRead(c));
            }
        });
        return java.util.Collections.unmodifiableSet(out);
    }

    /** Field names in an expanded condition that this source cannot provide. */
    static Set<String> unsupportedFields(Expr e, Source source) {
        Set<String> out = new LinkedHashSet<>();
        e.accept(new CheckWalk() {
            @Override
            void check(Expr.Check c, boolean negated) {
                for (String f : fieldsRead(c)) {
                    if (Fields.lookup(f) == null) {
                        out.add(f);
                    }
                }
            }
        });
        return out;
    }

    /**
     * The syscalls that can satisfy {@code e}, or {@code null} for "any". Conservative: negations
     * and unknown shapes widen to any; an {@code and} narrows to the intersection.
     */
    static Set<String> eventTypes(Expr e) {
        return e.accept(new Expr.Visitor<Set<String>, RuntimeException>() {
            @Override
            public Set<String> check(Expr.Check c) {
                if (!c.field().name().equals("evt.type") || c.field().arg() != null || !c.field().transformers().isEmpty()
                        || c.field().call() != null) {
                    return null;
                }
                if (c.modifier() == null && (c.operator() == Op.EQ || c.operator() == Op.IN || c.operator() == Op.INTERSECTS)) {
                    Set<String> s = new LinkedHashSet<>();
                    for (Expr.Value v : c.values()) {
                        if (v.field() != null) {
                            return null;
                        }
                        s.add(v.text());
                    }
                    return s;
                }
                return null;
            }

            @Override
            public Set<String> and(Expr.And a) {
                Set<String> acc = null;
                for (Expr t : a.terms()) {
                    Set<String> s = t.accept(this);
                    if (s != null) {
                        if (acc == null) {
                            acc = new LinkedHashSet<>(s);
                        } else {
                            acc.retainAll(s);
                        }
                    }
                }
                return acc;
            }

            @Override
            public Set<String> or(Expr.Or o) {
                Set<String> acc = new LinkedHashSet<>();
                for (Expr t : o.terms()) {
                    Set<String> s = t.accept(this);
                    if (s == null) {
                        return null;
                    }
                    acc.addAll(s);
                }
                return acc;
            }

            @Override
            public Set<String> not(Expr.Not n) {
                return null;
            }

            @Override
            public Set<String> macro(Expr.MacroRef m) {
                return null;
            }

            @Override
            public Set<String> constant(Expr.Const c) {
                return c.value() ? null : Set.of();
            }
        });
    }

    /** Literal paths compared with {@link FieldDef.Kind#PATH} fields under a positive context (for audit watch rules). */
    static void paths(Expr e, boolean negatedAtTop, Set<String> out) {
        e.accept(new CheckWalk() {
            @Override
            void check(Expr.Check c, boolean negatedHere) {
                boolean negated = negatedHere != negatedAtTop;
                if (!c.field().transformers().isEmpty() || c.field().call() != null) {
                    return;
                }
                FieldDef d = Fields.lookup(c.field().name());
                FieldDef.Kind kind = d == null ? FieldDef.Kind.VALUE : d.kind();
                boolean pathField = kind == FieldDef.Kind.PATH || kind == FieldDef.Kind.DIRECTORY;
                Op op = c.modifier() == null ? c.operator() : null;
                if (!negated && pathField && (op == Op.EQ || op == Op.IN || op == Op.STARTSWITH || op == Op.GLOB
                        || op == Op.PMATCH)) {
                    for (Expr.Value v : c.values()) {
                        if (v.text().startsWith("/")) {
                            out.add(op == Op.STARTSWITH || op == Op.PMATCH || kind == FieldDef.Kind.DIRECTORY
                                    ? (v.text().endsWith("/") ? v.text() : v.text() + "/") : v.text());
                        }
                    }
                }
            }
        });
    }

    /** Binds an expanded condition; every field must be supported (checked before). */
    Predicate compile(Expr e, Source source) throws CompileError {
        return e.accept(new Expr.Visitor<Predicate, CompileError>() {
            @Override
            public Predicate and(Expr.And a) throws CompileError {
                Predicate[] ps = new Predicate[a.terms().size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = a.terms().get(i).accept(this);
                }
                return ps.length == 1 ? ps[0] : Predicate.and(ps);
            }

            @Override
            public Predicate or(Expr.Or o) throws CompileError {
                Predicate[] ps = new Predicate[o.terms().size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = o.terms().get(i).accept(this);
                }
                return ps.length == 1 ? ps[0] : Predicate.or(ps);
            }

            @Override
            public Predicate not(Expr.Not n) throws CompileError {
                return Predicate.not(n.term().accept(this));
            }

            @Override
            public Predicate constant(Expr.Const c) {
                return c.value() ? Predicate.TRUE : Predicate.FALSE;
            }

            @Override
            public Predicate macro(Expr.MacroRef m) throws CompileError {
                throw new CompileError(m.pos().location(), "unexpanded macro '" + m.name() + "'");
            }

            @Override
            public Predicate check(Expr.Check c) throws CompileError {
                FieldDef.Bound b = bind(c.field(), source);
                if (c.values().size() == 1 && c.values().get(0).field() != null) {
                    Expr.Value v = c.values().get(0);
                    FieldDef.Bound right = bind(v.field(), source);
                    try {
                        return FieldComparison.compile(b, c.operator(), right);
                    } catch (IllegalArgumentException ex) {
                        throw new CompileError(c.pos().location(), c.field() + " " + c.op() + " " + v.text() + ": " + ex.getMessage());
                    }
                }
                List<String> vals = new ArrayList<>(c.values().size());
                for (Expr.Value v : c.values()) {
                    if (v.field() != null) {
                        throw new CompileError(v.pos().location(), "a field operand (" + v.text() + ") stands alone on the right-hand side");
                    }
                    vals.add(v.text());
                }
                if (c.modifier() != null) {
                    return modified(b, c, vals);
                }
                try {
                    return Operators.compile(b, c.operator(), vals);
                } catch (IllegalArgumentException ex) {
                    throw new CompileError(c.pos().location(), c.field() + " " + c.op() + ": " + ex.getMessage());
                }
            }
        });
    }

    /** {@code f op oneof|anyof|allof (v...)}: the comparison against each value, joined by or / and. */
    private static Predicate modified(FieldDef.Bound b, Expr.Check c, List<String> vals) throws CompileError {
        boolean all = c.modifier() == Modifier.ALLOF;
        if (vals.isEmpty()) {
            return all ? Predicate.TRUE : Predicate.FALSE;
        }
        Predicate[] ps = new Predicate[vals.size()];
        try {
            for (int k = 0; k < ps.length; k++) {
                ps[k] = Operators.compile(b, c.operator(), List.of(vals.get(k)));
            }
        } catch (IllegalArgumentException ex) {
            throw new CompileError(c.pos().location(), c.field() + " " + c.op() + ": " + ex.getMessage());
        }
        if (ps.length == 1) {
            return ps[0];
        }
        return all ? Predicate.and(ps) : Predicate.or(ps);
    }

    static FieldDef.Bound bind(Expr.FieldRef f, Source source) throws CompileError {
        if (f.call() != null) {
            try {
                return Transforms.call(f.call(), f.arg(), ref -> {
                    try {
                        return bind(ref, source);
                    } catch (CompileError e) {
                        throw new IllegalArgumentException(e.getMessage(), e);
                    }
                });
            } catch (IllegalArgumentException ex) {
                throw new CompileError(f.pos().location(), f + ": " + ex.getMessage());
            }
        }
        FieldDef.Bound plain = bindPlain(f, source);
        try {
            return Transforms.apply(plain, f.transformers());
        } catch (IllegalArgumentException ex) {
            throw new CompileError(f.pos().location(), f + ": " + ex.getMessage());
        }
    }

    private static FieldDef.Bound bindPlain(Expr.FieldRef f, Source source) throws CompileError {
        FieldDef d = Fields.lookup(f.name());
        if (d == null) {
            throw new CompileError(f.pos().location(), "field '" + f.name() + "' is not available");
        }
        if (!d.sources().contains(source)) {
            throw new CompileError(f.pos().location(), "field '" + f.name() + "' is not available in "
                    + source.name().toLowerCase(java.util.Locale.ROOT) + " rules");
        }
        try {
            return d.bind(f.arg());
        } catch (IllegalArgumentException ex) {
            throw new CompileError(f.pos().location(), ex.getMessage());
        }
    }

    static boolean isNumeric(FieldDef.Bound b) {
        return b.type() == FieldType.NUMBER || b.type() == FieldType.BOOL;
    }
}
