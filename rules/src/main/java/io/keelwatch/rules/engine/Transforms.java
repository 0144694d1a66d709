package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.Extractor;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.FieldType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Falco's field transformers over a bound field, applied innermost first. Each wraps the extractor
 * once at load time: {@code tolower}, {@code toupper}, {@code basename} and {@code b64} (decode) map
 * strings (and each element of a list), {@code len} turns a string or list into its length. The
 * argument-taking ones ({@code join}, {@code concat}, {@code getopt}) are refused with their name.
 */
final class Transforms {
    private Transforms() { }

    static FieldDef.Bound apply(FieldDef.Bound b, List<String> transformers) {
        FieldDef.Bound out = b;
        for (String t : transformers) {
            out = one(out, t);
        }
        return out;
    }

    private static FieldDef.Bound one(FieldDef.Bound b, String t) {
        if (t.equals("len")) {
            return b.extractor().accept(new Extractor.Visitor<FieldDef.Bound>() {
                @Override
                public FieldDef.Bound str(Extractor.Str s) {
                    return new FieldDef.Bound(FieldType.NUMBER, (Extractor.Num) c -> {
                        String v = s.get(c);
                        return v == null ? Extractor.MISSING : v.getBytes(StandardCharsets.UTF_8).length;
                    });
                }

                @Override
                public FieldDef.Bound num(Extractor.Num n) {
                    throw new IllegalArgumentException("transformer 'len' needs a string or list field");
                }

                @Override
                public FieldDef.Bound multi(Extractor.Multi m) {
                    return new FieldDef.Bound(FieldType.NUMBER, (Extractor.Num) c -> m.get(c).size());
                }
            });
        }
        java.util.function.UnaryOperator<String> f = switch (t) {
            case "tolower" -> v -> v.toLowerCase(Locale.ROOT);
            case "toupper" -> v -> v.toUpperCase(Locale.ROOT);
            case "basename" -> Transforms::basename;
            case "b64" -> Transforms::b64;
            default -> throw new IllegalArgumentException("transformer '" + t + "' is not supported");
        };
        return b.extractor().accept(new Extractor.Visitor<FieldDef.Bound>() {
            @Override
            public FieldDef.Bound str(Extractor.Str s) {
                if (b.type() != FieldType.STRING) {
                    return num(null);
                }
                return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> {
                    String v = s.get(c);
                    return v == null ? null : f.apply(v);
                });
            }

            @Override
            public FieldDef.Bound num(Extractor.Num n) {
                throw new IllegalArgumentException("transformer '" + t + "' needs a string field");
            }

            @Override
            public FieldDef.Bound multi(Extractor.Multi m) {
                return new FieldDef.Bound(FieldType.LIST, (Extractor.Multi) c -> {
                    List<String> in = m.get(c);
                    List<String> o = new ArrayList<>(in.size());
                    for (String v : in) {
                        String r = f.apply(v);
                        if (r != null) {
                            o.add(r);
                        }
                    }
                    return o;
                });
            }
        });
    }

    /** Binds a field reference inside a transformer call. */
    @FunctionalInterface
    interface Binder {
        FieldDef.Bound bind(io.keelwatch.rules.lang.Expr.FieldRef f);
    }

    /** A string-valued piece of a call: a bound field or a literal. */
    private interface Piece {
        /** Its values (a list field gives several), or null when absent. */
        List<String> values(io.keelwatch.rules.fields.EvalContext c);
    }

    /**
     * {@code join(sep, (a, b, ...))}, {@code concat(a, b, ...)}, {@code getopt(field, "optstring")[opt]}
     * and the single-argument transformers over one of those.
     */
    static FieldDef.Bound call(io.keelwatch.rules.lang.Expr.Call call, String arg, Binder binder) {
        List<io.keelwatch.rules.lang.Expr.TransformerArg> args = call.args();
        switch (call.transformer()) {
            case "join" -> {
                if (args.size() != 2 || !(args.get(0) instanceof io.keelwatch.rules.lang.Expr.Literal sep)
                        || !(args.get(1) instanceof io.keelwatch.rules.lang.Expr.ArgList list)) {
                    throw new IllegalArgumentException("join takes a quoted separator and a (list)");
                }
                List<Piece> items = new ArrayList<>();
                for (io.keelwatch.rules.lang.Expr.TransformerArg a : list.items()) {
                    items.add(piece(a, binder));
                }
                String s = sep.text();
                return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> joined(items, s, c));
            }
            case "concat" -> {
                List<Piece> items = new ArrayList<>();
                for (io.keelwatch.rules.lang.Expr.TransformerArg a : args) {
                    items.add(piece(a, binder));
                }
                return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> joined(items, "", c));
            }
            case "getopt" -> {
                if (args.size() != 2 || !(args.get(1) instanceof io.keelwatch.rules.lang.Expr.Literal spec) || arg == null) {
                    throw new IllegalArgumentException("getopt takes a field, a quoted option string and an [option]");
                }
                Piece p = piece(args.get(0), binder);
                String opts = spec.text();
                String want = arg;
                return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> {
                    List<String> v = p.values(c);
                    return v == null ? null : getopt(String.join(" ", v), opts, want);
                });
            }
            default -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("transformer '" + call.transformer() + "' takes one argument");
                }
                Piece p = piece(args.get(0), binder);
                FieldDef.Bound inner = new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> {
                    List<String> v = p.values(c);
                    return v == null ? null : String.join("", v);
                });
                return one(inner, call.transformer());
            }
        }
    }

    private static String joined(List<Piece> items, String sep, io.keelwatch.rules.fields.EvalContext c) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (Piece p : items) {
            List<String> v = p.values(c);
            if (v == null) {
                return null;
            }
            for (String x : v) {
                if (!first) {
                    b.append(sep);
                }
                b.append(x);
                first = false;
            }
        }
        return b.toString();
    }

    private static Piece piece(io.keelwatch.rules.lang.Expr.TransformerArg a, Binder binder) {
        return a.accept(new io.keelwatch.rules.lang.Expr.TransformerArg.Visitor<Piece>() {
            @Override
            public Piece literal(io.keelwatch.rules.lang.Expr.Literal l) {
                List<String> v = List.of(l.text());
                return c -> v;
            }

            @Override
            public Piece field(io.keelwatch.rules.lang.Expr.FieldRef f) {
                return piece(binder.bind(f));
            }

            @Override
            public Piece list(io.keelwatch.rules.lang.Expr.ArgList l) {
                throw new IllegalArgumentException("a (list) is an argument of join only");
            }
        });
    }

    /** A bound field as a piece: its value as text, absent when the field is. */
    private static Piece piece(FieldDef.Bound b) {
        return b.extractor().accept(new Extractor.Visitor<Piece>() {
            @Override
            public Piece str(Extractor.Str s) {
                return c -> {
                    String v = s.get(c);
                    return v == null ? null : List.of(v);
                };
            }

            @Override
            public Piece num(Extractor.Num n) {
                boolean bool = b.type() == FieldType.BOOL;
                return c -> {
                    long v = n.get(c);
                    return v == Extractor.MISSING ? null : List.of(bool ? (v != 0 ? "true" : "false") : Long.toString(v));
                };
            }

            @Override
            public Piece multi(Extractor.Multi m) {
                return m::get;
            }
        });
    }

    /**
     * The argument of option {@code opt} in a command line read with POSIX getopt rules and the
     * option string {@code spec} ({@code "nt:"}: {@code -n} a flag, {@code -t} takes a value): the
     * value for an option that takes one, the empty string for a flag that is set, absent otherwise.
     */
    static String getopt(String cmdline, String spec, String opt) {
        if (opt.length() != 1) {
            return null;
        }
        char want = opt.charAt(0);
        String found = null;
        String[] words = cmdline.isBlank() ? new String[0] : cmdline.strip().split("\\s+");
        for (int w = 0; w < words.length; w++) {
            String word = words[w];
            if (word.equals("--") || !word.startsWith("-") || word.length() < 2) {
                break;
            }
            for (int k = 1; k < word.length(); k++) {
                char o = word.charAt(k);
                int at = spec.indexOf(o);
                boolean takes = at >= 0 && at + 1 < spec.length() && spec.charAt(at + 1) == ':';
                if (takes) {
                    String val = k + 1 < word.length() ? word.substring(k + 1) : (w + 1 < words.length ? words[++w] : null);
                    if (o == want) {
                        found = val;
                    }
                    break;
                }
                if (o == want && at >= 0) {
                    found = "";
                }
            }
        }
        return found;
    }

    /** What follows the last '/' ({@code /usr/bin/} gives the empty string, as in Falco). */
    static String basename(String v) {
        return v.substring(v.lastIndexOf('/') + 1);
    }

    /** Base64 decoded as UTF-8; a value that is not base64 has no value. */
    static String b64(String v) {
        try {
            return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
