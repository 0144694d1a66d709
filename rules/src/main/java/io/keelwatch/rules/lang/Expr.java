package io.keelwatch.rules.lang;

import java.util.List;

/** A parsed condition, before macros and lists are resolved and fields are bound. */
public sealed interface Expr {

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
    }

    record Or(List<Expr> terms) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    record Not(Expr term) implements Expr { }

    /** A bare identifier standing alone: a macro reference. */
    record MacroRef(String name, Pos pos) implements Expr { }

    /** A constant produced by rewriting (empty exception lists, disabled macros). */
    record Const(boolean value) implements Expr { }

    /**
     * {@code field op value} or {@code field op (v1, v2, ...)} or {@code field exists}.
     *
     * @param field    the field as written
     * @param op       the operator as written, lower case for word operators
     * @param values   operands; a bare operand inside parentheses may name a list
     * @param listForm whether the operand was a parenthesised list
     * @param pos      where the operator stands
     */
    record Check(FieldRef field, String op, List<Value> values, boolean listForm, Pos pos) implements Expr {
        public Check {
            values = List.copyOf(values);
        }
    }

    /** A field name with its optional {@code [argument]}. */
    record FieldRef(String name, String arg, Pos pos) {
        @Override
        public String toString() {
            return arg == null ? name : name + "[" + arg + "]";
        }
    }

    /** An operand: {@code quoted} ones are never list names. */
    record Value(String text, boolean quoted, Pos pos) { }
}
