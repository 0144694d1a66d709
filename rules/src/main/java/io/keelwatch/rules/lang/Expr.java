package io.keelwatch.rules.lang;

import java.util.List;

/**
 * A parsed condition, before macros and lists are resolved and fields are bound. Walks go through
 * {@link Visitor} (one method per node, as libsinsp's expr_visitor): a new node type does not compile
 * until every walk handles it.
 */
public sealed interface Expr {

    /** One method per node; {@code X} is what the walk may throw. */
    interface Visitor<R, X extends Exception> {
        R and(And e) throws X;

        R or(Or e) throws X;

        R not(Not e) throws X;

        R macro(MacroRef e) throws X;

        R constant(Const e) throws X;

        R check(Check e) throws X;
    }

    <R, X extends Exception> R accept(Visitor<R, X> v) throws X;

    /** Where the node stands in its text: references and checks have a place, and / or / not / constants none (null). */
    default Pos pos() {
        return null;
    }

    /** Where a token came from: the condition text and the offset in it. */
    record Pos(SourceText text, int offset) {
        public Location location() {
            return text.locate(offset);
        }
    }

    record And(List<Expr> terms) implements Expr {
        public And {
            terms = List.copyOf(terms);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.and(this);
        }
    }

    record Or(List<Expr> terms) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.or(this);
        }
    }

    record Not(Expr term) implements Expr {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.not(this);
        }
    }

    /** A bare identifier standing alone: a macro reference. */
    record MacroRef(String name, Pos pos) implements Expr {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.macro(this);
        }
    }

    /** A constant produced by rewriting (empty exception lists, disabled macros). */
    record Const(boolean value) implements Expr {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.constant(this);
        }
    }

    /**
     * {@code field op value} or {@code field op (v1, v2, ...)} or {@code field exists}.
     *
     * @param field    the field as written
     * @param operator the operator ({@link Op#canonical}: {@code ==} is {@link Op#EQ})
     * @param modifier the list modifier of a string operator ({@code startswith oneof (...)}), or null
     * @param values   operands; a bare operand inside parentheses may name a list
     * @param listForm whether the operand was a parenthesised list
     * @param pos      where the operator stands
     */
    record Check(FieldRef field, Op operator, Modifier modifier, List<Value> values, boolean listForm, Pos pos)
            implements Expr {
        public Check {
            operator = operator.canonical();
            values = List.copyOf(values);
        }

        public Check(FieldRef field, Op operator, List<Value> values, boolean listForm, Pos pos) {
            this(field, operator, null, values, listForm, pos);
        }

        /** The operator as messages show it, with its modifier ({@code startswith oneof}). */
        public String op() {
            return modifier == null ? operator.lexeme() : operator.lexeme() + " " + modifier.word();
        }

        /** Whether the operand is a set of values: a list operator, or a string operator with a modifier. */
        public boolean takesList() {
            return operator.kind() == Op.Kind.LIST || modifier != null;
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.check(this);
        }
    }

    /**
     * A field name with its optional {@code [argument]} and the transformers applied to it, innermost
     * first ({@code toupper(tolower(f))} is {@code [tolower, toupper]}).
     */
    record FieldRef(String name, String arg, Pos pos, List<String> transformers, Call call) implements TransformerArg {
        public FieldRef {
            transformers = List.copyOf(transformers);
        }

        public FieldRef(String name, String arg, Pos pos) {
            this(name, arg, pos, List.of(), null);
        }

        public FieldRef(String name, String arg, Pos pos, List<String> transformers) {
            this(name, arg, pos, transformers, null);
        }

        /** Every field this reference reads: itself, or each field inside its transformer call. */
        public List<String> baseFields() {
            if (call == null) {
                return List.of(name);
            }
            List<String> out = new java.util.ArrayList<>();
            call.collectFields(out);
            return out;
        }

        /**
         * {@code name[arg]} or a transformer written outside a condition (exception fields, windows),
         * read by the condition parser; text it refuses stays a plain name, which binding then reports.
         */
        public static FieldRef parse(String text, Pos pos) {
            try {
                FieldRef f = ConditionParser.fieldRef(SourceText.synthetic("field", text));
                return new FieldRef(f.name(), f.arg(), pos, f.transformers(), f.call());
            } catch (ConditionSyntaxException e) {
                return new FieldRef(text.strip(), null, pos);
            }
        }

        @Override
        public <R> R accept(TransformerArg.Visitor<R> v) {
            return v.field(this);
        }

        @Override
        public String toString() {
            if (call != null) {
                return call + (arg == null ? "" : "[" + arg + "]");
            }
            String base = arg == null ? name : name + "[" + arg + "]";
            for (String t : transformers) {
                base = t + "(" + base + ")";
            }
            return base;
        }
    }

    /** An argument of a transformer: a field (possibly transformed), a literal, or a list of these. */
    sealed interface TransformerArg permits FieldRef, Literal, ArgList {
        /** One method per kind of argument. */
        interface Visitor<R> {
            R field(FieldRef f);

            R literal(Literal l);

            R list(ArgList l);
        }

        <R> R accept(Visitor<R> v);
    }

    /** A quoted string or a number given to a transformer. */
    record Literal(String text) implements TransformerArg {
        @Override
        public <R> R accept(TransformerArg.Visitor<R> v) {
            return v.literal(this);
        }

        @Override
        public String toString() {
            return '"' + text + '"';
        }
    }

    /** {@code (a, b, ...)} given to a transformer ({@code join}'s second argument). */
    record ArgList(List<TransformerArg> items) implements TransformerArg {
        public ArgList {
            items = List.copyOf(items);
        }

        @Override
        public <R> R accept(TransformerArg.Visitor<R> v) {
            return v.list(this);
        }

        @Override
        public String toString() {
            return items.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        }
    }

    /**
     * A transformer applied to arguments other than a single field ({@code join("-", (a, b))},
     * {@code concat(a, "x")}, {@code getopt(proc.args, "nt:")}); a {@link FieldRef} carries it.
     */
    record Call(String transformer, List<TransformerArg> args) {
        public Call {
            args = List.copyOf(args);
        }

        void collectFields(List<String> out) {
            TransformerArg.Visitor<Void> collect = new TransformerArg.Visitor<>() {
                @Override
                public Void field(FieldRef f) {
                    out.addAll(f.baseFields());
                    return null;
                }

                @Override
                public Void literal(Literal l) {
                    return null;
                }

                @Override
                public Void list(ArgList l) {
                    l.items().forEach(x -> x.accept(this));
                    return null;
                }
            };
            args.forEach(a -> a.accept(collect));
        }

        @Override
        public String toString() {
            return transformer + args.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
        }
    }

    /**
     * An operand: {@code quoted} ones are never list names; {@code field} is set for a right-hand
     * {@code val(f)} or transformer operand (then {@code text} is its source text).
     */
    record Value(String text, boolean quoted, Pos pos, FieldRef field) {
        public Value(String text, boolean quoted, Pos pos) {
            this(text, quoted, pos, null);
        }
    }
}
