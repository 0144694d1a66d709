package io.keelwatch.rules.engine;

import io.keelwatch.rules.fields.EvalContext;
import io.keelwatch.rules.fields.FieldDef;
import io.keelwatch.rules.fields.Fields;
import io.keelwatch.rules.fields.Source;
import io.keelwatch.rules.lang.ConditionParser;
import io.keelwatch.rules.lang.ConditionSyntaxException;
import io.keelwatch.rules.lang.Expr;
import io.keelwatch.rules.lang.SourceText;
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
    private final int[] widths;

    private OutputTemplate(String[] literals, String[] names, FieldDef.Bound[] fields, int[] widths) {
        this.literals = literals;
        this.names = names;
        this.fields = fields;
        this.widths = widths;
    }

    /** What Falco puts for {@code %container.info} when no extra container fields are configured. */
    static final String CONTAINER_INFO = "container_id=%container.id container_name=%container.name";

    /** An output Falco's formatter refuses: {@code %(field)}, a trailing {@code %}, a width with no field. */
    static final class FormatException extends Exception {
        final int offset;

        FormatException(int offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    /**
     * Splits an output as Falco's formatter does: each {@code %} starts a field or transformer, with
     * an optional width ({@code %10proc.name}: padded or cut to 10 characters).
     *
     * @param unknown receives the names of fields that cannot be rendered
     */
    static OutputTemplate parse(String text, Source source, List<String> unknown) {
        try {
            return parseStrict(text, source, unknown);
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static OutputTemplate parseStrict(String text, Source source, List<String> unknown) throws FormatException {
        List<String> lits = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<FieldDef.Bound> bound = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        String s = text == null ? "" : text.strip().replace("%container.info", CONTAINER_INFO);
        if (s.startsWith("*")) {
            // Falco's "continue on null" marker: rule outputs always render absent fields as <NA>
            s = s.substring(1);
        }
        SourceText src = SourceText.synthetic("output", s);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            if (j >= s.length()) {
                throw new FormatException(i, "invalid formatting syntax: formatting cannot end with a %");
            }
            int width = 0;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                width = Math.min(width * 10 + (s.charAt(j) - '0'), 65_536);
                j++;
            }
            if (j >= s.length()) {
                throw new FormatException(i, "invalid formatting syntax: formatting cannot end with a number");
            }
            ConditionParser.FieldAt f;
            try {
                f = ConditionParser.fieldRefAt(src, j);
            } catch (ConditionSyntaxException e) {
                throw new FormatException(j, "unknown filter at column " + (j + 1) + ": " + e.getMessage());
            }
            String shown = s.substring(j, f.end());
            lits.add(lit.toString());
            lit.setLength(0);
            names.add(shown);
            widths.add(width);
            bound.add(bind(f.ref(), source, unknown, shown, j));
            i = f.end();
        }
        lits.add(lit.toString());
        return new OutputTemplate(lits.toArray(String[]::new), names.toArray(String[]::new),
                bound.toArray(FieldDef.Bound[]::new), widths.stream().mapToInt(Integer::intValue).toArray());
    }

    private static FieldDef.Bound bind(Expr.FieldRef ref, Source source, List<String> unknown, String shown, int at)
            throws FormatException {
        for (String f : ref.baseFields()) {
            FieldDef def = Fields.lookup(f);
            if (def == null || !def.sources().contains(source)) {
                unknown.add(shown);
                return null;
            }
        }
        try {
            return Compiler.bind(ref, source);
        } catch (Compiler.CompileError e) {
            throw new FormatException(at, "%" + shown + ": " + e.getMessage());
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
            if (widths[k] > 0) {
                // Falco resizes the rendered value to the width: cut, or padded with blanks
                v = v.length() >= widths[k] ? v.substring(0, widths[k]) : v + " ".repeat(widths[k] - v.length());
            }
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
