package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.Extractor;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.FieldType;
import io.keelwatch.rules.lang.Op;

/**
 * {@code f op val(g)}: a comparison of two fields of the same event. Numbers compare as numbers,
 * strings with the string operators; an absent side makes the check false, as for literals.
 */
final class FieldComparison {
    private FieldComparison() { }

    static Predicate compile(FieldDef.Bound left, Op op, FieldDef.Bound right) {
        Shape ls = left.extractor().accept(SHAPE);
        Shape rs = right.extractor().accept(SHAPE);
        if (ls == Shape.NUM && rs == Shape.NUM) {
            Extractor.Num a = (Extractor.Num) left.extractor();
            Extractor.Num b = (Extractor.Num) right.extractor();
            return switch (op) {
                case EQ -> c -> both(a.get(c), b.get(c)) && a.get(c) == b.get(c);
                case NE -> c -> both(a.get(c), b.get(c)) && a.get(c) != b.get(c);
                case LT -> c -> both(a.get(c), b.get(c)) && a.get(c) < b.get(c);
                case LE -> c -> both(a.get(c), b.get(c)) && a.get(c) <= b.get(c);
                case GT -> c -> both(a.get(c), b.get(c)) && a.get(c) > b.get(c);
                case GE -> c -> both(a.get(c), b.get(c)) && a.get(c) >= b.get(c);
                default -> throw new IllegalArgumentException("operator '" + op.text() + "' does not apply to numeric fields");
            };
        }
        if (ls == Shape.STR && rs == Shape.STR && left.type() != FieldType.BOOL && right.type() != FieldType.BOOL) {
            Extractor.Str a = (Extractor.Str) left.extractor();
            Extractor.Str b = (Extractor.Str) right.extractor();
            java.util.function.BiPredicate<String, String> t = switch (op) {
                case EQ -> String::equals;
                case NE -> (x, y) -> !x.equals(y);
                case CONTAINS -> String::contains;
                case STARTSWITH -> String::startsWith;
                case ENDSWITH -> String::endsWith;
                default -> throw new IllegalArgumentException("operator '" + op.text() + "' with a field operand is not supported");
            };
            return c -> {
                String x = a.get(c);
                String y = b.get(c);
                return x != null && y != null && t.test(x, y);
            };
        }
        throw new IllegalArgumentException("the two fields have different types (" + left.type() + ", " + right.type() + ")");
    }

    /** Which of the two comparable shapes a side has (a list compares with nothing). */
    private enum Shape { STR, NUM, OTHER }

    private static final Extractor.Visitor<Shape> SHAPE = new Extractor.Visitor<>() {
        @Override
        public Shape str(Extractor.Str s) {
            return Shape.STR;
        }

        @Override
        public Shape num(Extractor.Num n) {
            return Shape.NUM;
        }

        @Override
        public Shape multi(Extractor.Multi m) {
            return Shape.OTHER;
        }
    };

    private static boolean both(long a, long b) {
        return a != Extractor.MISSING && b != Extractor.MISSING;
    }
}
