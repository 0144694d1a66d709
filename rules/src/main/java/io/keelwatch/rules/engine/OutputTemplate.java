package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.EvalContext;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.Fields;
import io.keelwatch.rules.fields.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An output with {@code %field} and {@code %field[arg]} placeholders, split once into literal and
 * field parts. Fields this source lacks render as {@code <NA>} (with a load warning), so a Falco
 * rule whose condition we support still reports.
 */
final class OutputTemplate {
    private final String[] literals;
    private final String[] names;
    private final FieldDef.Bound[] fields;

    private OutputTemplate(String[] literals, String[] names, FieldDef.Bound[] fields) {
        this.literals = literals;
        this.names = names;
        this.fields = fields;
    }

    /** @param unknown receives the names of fields that cannot be rendered */
    static OutputTemplate parse(String text, Source source, List<String> unknown) {
        List<String> lits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<FieldDef.Bound> bound = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        String s = text == null ? "" : text.strip();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 1 < s.length() && isFieldStart(s.charAt(i + 1))) {
                int j = i + 1;
                boolean paren = s.charAt(j) == '(';
                if (paren) {
                    j++;
                }
                int start = j;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) {
                    j++;
                }
                String name = s.substring(start, j);
                String arg = null;
                if (j < s.length() && s.charAt(j) == '[') {
                    int close = s.indexOf(']', j);
                    if (close > 0) {
                        arg = s.substring(j + 1, close);
                        j = close + 1;
                    }
                }
                if (paren && j < s.length() && s.charAt(j) == ')') {
                    j++;
                }
                while (name.endsWith(".")) {
                    name = name.substring(0, name.length() - 1);
                    j--;
                }
                String shown = arg == null ? name : name + "[" + arg + "]";
                lits.add(lit.toString());
                lit.setLength(0);
                names.add(shown);
                bound.add(bind(name, arg, source, unknown, shown));
                i = j;
            } else {
                lit.append(c);
                i++;
            }
        }
        lits.add(lit.toString());
        return new OutputTemplate(lits.toArray(String[]::new), names.toArray(String[]::new),
                bound.toArray(FieldDef.Bound[]::new));
    }

    private static boolean isFieldStart(char c) {
        return Character.isLetter(c) || c == '(';
    }

    private static FieldDef.Bound bind(String name, String arg, Source source, List<String> unknown, String shown) {
        FieldDef def = Fields.lookup(name);
        if (def == null || !def.sources().contains(source)) {
            unknown.add(shown);
            return null;
        }
        try {
            return def.bind(arg);
        } catch (IllegalArgumentException e) {
            unknown.add(shown);
            return null;
        }
    }

    List<String> fieldNames() {
        return List.of(names);
    }

    /** Renders into {@code out} and returns the text. */
    String render(EvalContext c, Map<String, String> out) {
        StringBuilder b = new StringBuilder(128);
        for (int k = 0; k < names.length; k++) {
            b.append(literals[k]);
            String v = fields[k] == null ? "<NA>" : Fields.render(fields[k], c);
            b.append(v);
            out.put(names[k], v);
        }
        b.append(literals[names.length]);
        return b.toString();
    }

    Map<String, String> newFieldMap() {
        return new LinkedHashMap<>(names.length * 2);
    }
}
