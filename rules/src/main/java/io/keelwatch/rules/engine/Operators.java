package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.Extractor;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.FieldType;
import io.keelwatch.rules.lang.Durations;
import io.keelwatch.rules.lang.Op;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Binds one {@code field op value(s)} check to a predicate specialised for the field's type and the
 * operator; literals are parsed here, once. An absent value makes every check but {@code exists}
 * false (so {@code not} of it is true), as in Falco.
 */
final class Operators {
    private Operators() { }

    static Predicate compile(FieldDef.Bound field, Op op, List<String> values) {
        Extractor x = field.extractor();
        if (op == Op.EXISTS) {
            return exists(x);
        }
        if (values.isEmpty() && !isSetOp(op)) {
            throw new IllegalArgumentException("operator '" + op.text() + "' needs a value");
        }
        return switch (field.type()) {
            case NUMBER, BOOL -> numeric((Extractor.Num) x, field.type(), op, values);
            case STRING -> string((Extractor.Str) x, op, values, false);
            case IP -> string((Extractor.Str) x, op, values, true);
            case LIST -> list((Extractor.Multi) x, op, values);
        };
    }

    private static boolean isSetOp(Op op) {
        return op.kind() == Op.Kind.LIST;
    }

    private static Predicate exists(Extractor x) {
        return x.accept(new Extractor.Visitor<Predicate>() {
            @Override
            public Predicate str(Extractor.Str s) {
                return c -> s.get(c) != null;
            }

            @Override
            public Predicate num(Extractor.Num n) {
                return c -> n.get(c) != Extractor.MISSING;
            }

            @Override
            public Predicate multi(Extractor.Multi m) {
                return c -> !m.get(c).isEmpty();
            }
        });
    }

    // ---- numbers and booleans ----

    private static Predicate numeric(Extractor.Num x, FieldType type, Op op, List<String> values) {
        if (isSetOp(op)) {
            if (op == Op.PMATCH) {
                throw new IllegalArgumentException("operator 'pmatch' needs a path field");
            }
            long[] set = new long[values.size()];
            for (int i = 0; i < set.length; i++) {
                set[i] = number(values.get(i), type);
            }
            Arrays.sort(set);
            return c -> {
                long v = x.get(c);
                return v != Extractor.MISSING && Arrays.binarySearch(set, v) >= 0;
            };
        }
        if (values.size() != 1) {
            throw new IllegalArgumentException("operator '" + op.text() + "' takes one value");
        }
        long k = number(values.get(0), type);
        return switch (op) {
            case EQ -> c -> x.get(c) == k;
            case NE -> c -> {
                long v = x.get(c);
                return v != Extractor.MISSING && v != k;
            };
            case LT -> c -> {
                long v = x.get(c);
                return v != Extractor.MISSING && v < k;
            };
            case LE -> c -> {
                long v = x.get(c);
                return v != Extractor.MISSING && v <= k;
            };
            case GT -> c -> {
                long v = x.get(c);
                return v != Extractor.MISSING && v > k;
            };
            case GE -> c -> {
                long v = x.get(c);
                return v != Extractor.MISSING && v >= k;
            };
            default -> throw new IllegalArgumentException("operator '" + op.text() + "' does not apply to a "
                    + (type == FieldType.BOOL ? "boolean" : "numeric") + " field");
        };
    }

    /** A literal: integer (decimal, 0x hex, leading-0 octal), duration in seconds, or a boolean. */
    static long number(String s, FieldType type) {
        String t = s.trim();
        if (type == FieldType.BOOL) {
            if (t.equalsIgnoreCase("true")) {
                return 1;
            }
            if (t.equalsIgnoreCase("false")) {
                return 0;
            }
            throw new IllegalArgumentException("'" + s + "' is not true or false");
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.length() > 1 && t.startsWith("0") && t.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(t, 8);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            Duration d = Durations.parse(t);
            if (d != null) {
                return d.getSeconds();
            }
            throw new IllegalArgumentException("'" + s + "' is not a number");
        }
    }

    // ---- strings and IPs ----

    /** A test on one string value; {@code null} (absent) never passes. */
    @FunctionalInterface
    interface ValueTest {
        boolean test(String v);
    }

    private static Predicate string(Extractor.Str x, Op op, List<String> values, boolean ip) {
        ValueTest t = valueTest(op, values, ip);
        return c -> t.test(x.get(c));
    }

    static ValueTest valueTest(Op op, List<String> values, boolean ip) {
        if (isSetOp(op)) {
            if (ip && op == Op.PMATCH) {
                throw new IllegalArgumentException("operator 'pmatch' does not apply to an IP address field");
            }
            if (op == Op.PMATCH) {
                String[] prefixes = values.stream().map(Operators::trimSlash).toArray(String[]::new);
                return v -> v != null && pathMatch(v, prefixes);
            }
            if (ip && values.stream().anyMatch(v -> v.indexOf('/') >= 0)) {
                Cidr[] nets = values.stream().map(Cidr::parse).toArray(Cidr[]::new);
                return v -> {
                    if (v == null) {
                        return false;
                    }
                    for (Cidr n : nets) {
                        if (n.contains(v)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            Set<String> set = Set.copyOf(new HashSet<>(values));
            return v -> v != null && set.contains(v);
        }
        if (values.size() != 1) {
            throw new IllegalArgumentException("operator '" + op.text() + "' takes one value");
        }
        String k = values.get(0);
        if (ip && !(op == Op.EQ || op == Op.NE)) {
            throw new IllegalArgumentException("operator '" + op.text() + "' does not apply to an IP address field (=, !=, in, intersects)");
        }
        if (ip && k.indexOf('/') >= 0) {
            Cidr net = Cidr.parse(k);
            boolean eq = op == Op.EQ;
            return v -> v != null && net.contains(v) == eq;
        }
        return switch (op) {
            case EQ -> k::equals;
            case NE -> v -> v != null && !k.equals(v);
            case CONTAINS -> v -> v != null && v.contains(k);
            case ICONTAINS -> {
                String lower = k.toLowerCase(Locale.ROOT);
                yield v -> v != null && containsIgnoreCase(v, lower);
            }
            case STARTSWITH -> v -> v != null && v.startsWith(k);
            case ENDSWITH -> v -> v != null && v.endsWith(k);
            case GLOB -> {
                Glob g = new Glob(k);
                yield v -> v != null && g.matches(v);
            }
            case IGLOB -> {
                Glob g = new Glob(k.toLowerCase(Locale.ROOT));
                yield v -> v != null && g.matches(v.toLowerCase(Locale.ROOT));
            }
            // strings order as Falco's strcmp does (byte order equals UTF-16 order on ASCII)
            case LT -> v -> v != null && v.compareTo(k) < 0;
            case LE -> v -> v != null && v.compareTo(k) <= 0;
            case GT -> v -> v != null && v.compareTo(k) > 0;
            case GE -> v -> v != null && v.compareTo(k) >= 0;
            case BCONTAINS, BSTARTSWITH -> throw new IllegalArgumentException("operator '" + op.text()
                    + "' (byte buffers) is not supported: audit events carry no data buffers");
            case REGEX -> {
                // RE2 semantics, matched against the whole value as Falco anchors it; linear in the value's length
                com.google.re2j.Pattern re;
                try {
                    re = com.google.re2j.Pattern.compile(k);
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regex pattern: " + e.getDescription());
                }
                yield v -> v != null && re.matches(v);
            }
            // EXISTS is taken before any value is read, EQEQ is EQ in a check, set operators above
            case EXISTS, EQEQ, IN, INTERSECTS, PMATCH -> throw new IllegalStateException("operator '" + op.lexeme() + "' here");
        };
    }

    private static String trimSlash(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** Falco's pmatch: the path equals a prefix or lies below it. */
    static boolean pathMatch(String v, String[] prefixes) {
        for (String p : prefixes) {
            if (v.startsWith(p) && (v.length() == p.length() || p.equals("/") || v.charAt(p.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    static boolean containsIgnoreCase(String hay, String lowerNeedle) {
        int n = lowerNeedle.length();
        for (int i = 0; i + n <= hay.length(); i++) {
            if (hay.regionMatches(true, i, lowerNeedle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    // ---- multi-valued ----

    /** Any element passes; {@code !=}: there are elements and none equals. */
    private static Predicate list(Extractor.Multi x, Op op, List<String> values) {
        if (op == Op.NE) {
            ValueTest eq = valueTest(Op.EQ, values, false);
            return c -> {
                List<String> vs = x.get(c);
                if (vs.isEmpty()) {
                    return false;
                }
                for (int i = 0, n = vs.size(); i < n; i++) {
                    if (eq.test(vs.get(i))) {
                        return false;
                    }
                }
                return true;
            };
        }
        ValueTest t = valueTest(op == Op.INTERSECTS ? Op.IN : op, values, false);
        return c -> {
            List<String> vs = x.get(c);
            for (int i = 0, n = vs.size(); i < n; i++) {
                if (t.test(vs.get(i))) {
                    return true;
                }
            }
            return false;
        };
    }
}
