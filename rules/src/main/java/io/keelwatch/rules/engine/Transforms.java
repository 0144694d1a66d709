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
            if (b.extractor() instanceof Extractor.Str s) {
                return new FieldDef.Bound(FieldType.NUMBER, (Extractor.Num) c -> {
                    String v = s.get(c);
                    return v == null ? Extractor.MISSING : v.getBytes(StandardCharsets.UTF_8).length;
                });
            }
            if (b.extractor() instanceof Extractor.Multi m) {
                return new FieldDef.Bound(FieldType.NUMBER, (Extractor.Num) c -> m.get(c).size());
            }
            throw new IllegalArgumentException("transformer 'len' needs a string or list field");
        }
        java.util.function.UnaryOperator<String> f = switch (t) {
            case "tolower" -> v -> v.toLowerCase(Locale.ROOT);
            case "toupper" -> v -> v.toUpperCase(Locale.ROOT);
            case "basename" -> Transforms::basename;
            case "b64" -> Transforms::b64;
            default -> throw new IllegalArgumentException("transformer '" + t + "' is not supported");
        };
        if (b.type() == FieldType.STRING && b.extractor() instanceof Extractor.Str s) {
            return new FieldDef.Bound(FieldType.STRING, (Extractor.Str) c -> {
                String v = s.get(c);
                return v == null ? null : f.apply(v);
            });
        }
        if (b.extractor() instanceof Extractor.Multi m) {
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
        throw new IllegalArgumentException("transformer '" + t + "' needs a string field");
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
