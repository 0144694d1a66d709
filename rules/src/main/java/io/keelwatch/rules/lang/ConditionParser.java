package io.keelwatch.rules.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for Falco conditions, lexing as libsinsp's filter parser does:
 * <pre>
 * or      := and ('or' (blank and | '(' or ')'))*
 * and     := not ('and' (blank not | '(' or ')'))*
 * not     := ('not' blank)* ( 'not(' or ')' | check )          -- a run of 'not' toggles, it does not nest
 * check   := '(' or ')' | field arg? cond | identifier          -- identifier alone: a macro
 * cond    := 'exists' | numop number | strop [modifier list] value | listop (list | identifier)
 * </pre>
 * Keywords and operators are case-sensitive; word operators need a blank after them; a bare value
 * holds no {@code ( ) " ' = ,} or blank (so {@code proc.name === x} and {@code contains (x)} are
 * refused). Every recursive step goes through a depth guard ({@link #MAX_DEPTH}, counted as Falco's
 * loader counts it), so no input can exhaust the stack: a 100,000-deep nesting is refused with its
 * location after at most {@link #MAX_DEPTH} frames. Runs once per condition at load time.
 */
public final class ConditionParser {

    /** Falco's rule loader sets its parser's depth to 1000 (each nesting level costs about five). */
    public static final int MAX_DEPTH = 1000;

    private final SourceText src;
    private final String s;
    private int i;
    private int depth;

    private ConditionParser(SourceText src) {
        this.src = src;
        this.s = src.value();
    }

    public static Expr parse(SourceText src) throws ConditionSyntaxException {
        ConditionParser p = new ConditionParser(src);
        p.blank();
        if (p.i >= p.s.length()) {
            throw p.error(p.i, "empty condition");
        }
        p.i = 0;
        Expr e = p.parseOr();
        p.blank();
        if (p.i < p.s.length()) {
            throw p.error(p.i, "unexpected '" + p.peekToken() + "', expecting 'or', 'and'");
        }
        return e;
    }

    /**
     * A field reference written alone ({@code proc.name}, {@code proc.aname[2]}, {@code tolower(fd.name)}),
     * as exceptions, windows and outputs name fields: the one parser of {@code field[arg]} text.
     */
    public static Expr.FieldRef fieldRef(SourceText src) throws ConditionSyntaxException {
        ConditionParser p = new ConditionParser(src);
        p.blank();
        int start = p.i;
        String t = p.transformerAhead(false);
        Expr.FieldRef f;
        if (t != null) {
            f = p.parseTransformer(t, start);
        } else {
            int end = FieldLexer.fieldName(p.s, p.i);
            if (end == p.i) {
                throw p.error(p.i, "expected a field name but found '" + p.peekToken() + "'");
            }
            f = p.parseFieldRemainder(start, end);
        }
        p.blank();
        if (p.i < p.s.length()) {
            throw p.error(p.i, "unexpected '" + p.peekToken() + "' after the field");
        }
        return f;
    }

    /** A field reference read from the start of some text, and where it ends. */
    public record FieldAt(Expr.FieldRef ref, int end) { }

    /**
     * The field or transformer standing at {@code at} (as an output's {@code %field}), read as far as
     * it goes; Falco's formatter reads its tokens the same way.
     */
    public static FieldAt fieldRefAt(SourceText src, int at) throws ConditionSyntaxException {
        ConditionParser p = new ConditionParser(src);
        p.i = at;
        String t = p.transformerAhead(false);
        Expr.FieldRef f;
        if (t != null) {
            f = p.parseTransformer(t, at);
        } else {
            int end = FieldLexer.fieldName(p.s, p.i);
            if (end == p.i) {
                throw p.error(p.i, "expected a field or a transformer after '%' but found '" + p.peekToken() + "'");
            }
            f = p.parseFieldRemainder(at, end);
        }
        return new FieldAt(f, p.i);
    }

    private void enter() throws ConditionSyntaxException {
        if (++depth >= MAX_DEPTH) {
            throw error(i, "exceeded max depth limit of " + MAX_DEPTH + " (conditions nest too deeply)");
        }
    }

    private Expr parseOr() throws ConditionSyntaxException {
        enter();
        List<Expr> terms = new ArrayList<>();
        blank();
        terms.add(parseAnd());
        blank();
        while (word("or")) {
            terms.add(afterBoolKeyword("or") ? parseEmbedded() : parseAnd());
            blank();
        }
        depth--;
        return terms.size() == 1 ? terms.get(0) : new Expr.Or(terms);
    }

    private Expr parseAnd() throws ConditionSyntaxException {
        enter();
        List<Expr> terms = new ArrayList<>();
        blank();
        terms.add(parseNot());
        blank();
        while (word("and")) {
            terms.add(afterBoolKeyword("and") ? parseEmbedded() : parseNot());
            blank();
        }
        depth--;
        return terms.size() == 1 ? terms.get(0) : new Expr.And(terms);
    }

    /** After 'and'/'or': a blank (then a term) or '(' (then an embedded expression); true for the latter. */
    private boolean afterBoolKeyword(String kw) throws ConditionSyntaxException {
        if (blank()) {
            return false;
        }
        if (i < s.length() && s.charAt(i) == '(') {
            i++;
            return true;
        }
        throw error(i, "expected blank or '(' after '" + kw + "'");
    }

    private Expr parseNot() throws ConditionSyntaxException {
        enter();
        blank();
        boolean negate = false;
        while (startsWith("not") && i + 3 < s.length() && isBlank(s.charAt(i + 3))) {
            i += 3;
            blank();
            negate = !negate;
        }
        Expr child;
        if (startsWith("not(")) {
            i += 4;
            negate = !negate;
            child = parseEmbedded();
        } else {
            child = parseCheck();
        }
        depth--;
        return negate ? new Expr.Not(child) : child;
    }

    /** The rest of a parenthesised expression, the '(' already read. */
    private Expr parseEmbedded() throws ConditionSyntaxException {
        enter();
        int open = i - 1;
        blank();
        Expr e = parseOr();
        blank();
        if (i >= s.length() || s.charAt(i) != ')') {
            throw error(i < s.length() ? i : open, i < s.length()
                    ? "expected a ')' token but found '" + peekToken() + "'" : "unbalanced '(': missing ')'");
        }
        i++;
        depth--;
        return e;
    }

    private Expr parseCheck() throws ConditionSyntaxException {
        enter();
        blank();
        int start = i;
        Expr out;
        if (i < s.length() && s.charAt(i) == '(') {
            i++;
            out = parseEmbedded();
        } else {
            String transformer = transformerAhead(false);
            if (transformer != null) {
                Expr.FieldRef f = parseTransformer(transformer, start);
                out = parseCondition(f);
            } else {
                int end = FieldLexer.fieldName(s, i);
                if (end > i) {
                    Expr.FieldRef f = parseFieldRemainder(start, end);
                    out = parseCondition(f);
                } else {
                    end = FieldLexer.identifier(s, i);
                    if (end == i) {
                        throw error(i, i >= s.length() ? "unexpected end of condition"
                                : "expected a '(' token, a field check, or an identifier but found '" + peekToken() + "'");
                    }
                    String name = s.substring(i, end);
                    if (isKeyword(name)) {
                        throw error(i, "unexpected '" + name + "'");
                    }
                    i = end;
                    out = new Expr.MacroRef(name, new Expr.Pos(src, start));
                }
            }
        }
        depth--;
        return out;
    }

    /** A field name already lexed as [{@code start}, {@code end}); reads its optional {@code [arg]}. */
    private Expr.FieldRef parseFieldRemainder(int start, int end) throws ConditionSyntaxException {
        String name = s.substring(start, end);
        i = end;
        String arg = null;
        if (i < s.length() && s.charAt(i) == '[') {
            i++;
            arg = parseFieldArg();
        }
        return new Expr.FieldRef(name, arg, new Expr.Pos(src, start));
    }

    private String parseFieldArg() throws ConditionSyntaxException {
        int at = i;
        String arg;
        if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
            arg = quoted();
        } else {
            int j = i;
            while (j < s.length() && s.charAt(j) != ']' && s.charAt(j) != '[' && s.charAt(j) != '"'
                    && s.charAt(j) != '\'' && !Character.isWhitespace(s.charAt(j))) {
                j++;
            }
            if (j == i) {
                throw error(at, "expected a valid field argument: a quoted string or a bare string");
            }
            arg = s.substring(i, j);
            i = j;
        }
        if (i >= s.length() || s.charAt(i) != ']') {
            throw error(i, "expected a ']' token");
        }
        i++;
        return arg;
    }

    /** The transformer whose {@code name(} stands at the cursor, or null; {@code val} only when allowed. */
    private String transformerAhead(boolean allowVal) {
        for (String t : Transformer.NAMES) {
            if (startsWith(t + "(")) {
                return t;
            }
        }
        return allowVal && startsWith("val(") ? "val" : null;
    }

    /**
     * {@code name(arg, ...)} and an optional {@code [arg]} after. One field argument (possibly itself
     * transformed that way) gives a transformer chain on the field; anything else (literals, lists,
     * several arguments) gives a {@link Expr.Call}.
     */
    private Expr.FieldRef parseTransformer(String name, int start) throws ConditionSyntaxException {
        enter();
        i += name.length() + 1;
        blank();
        List<Expr.TransformerArg> args = new ArrayList<>();
        do {
            blank();
            args.add(parseTransformerArg(name, !name.equals("val"), true));
            blank();
        } while (comma());
        if (i >= s.length() || s.charAt(i) != ')') {
            throw error(i, "expected a ')' token closing the transformer");
        }
        i++;
        String arg = null;
        if (i < s.length() && s.charAt(i) == '[') {
            i++;
            arg = parseFieldArg();
        }
        depth--;
        Expr.Pos pos = new Expr.Pos(src, start);
        if (args.size() == 1 && args.get(0) instanceof Expr.FieldRef inner && inner.call() == null
                && !name.equals("join") && !name.equals("concat") && !name.equals("getopt")) {
            List<String> chain = new ArrayList<>(inner.transformers());
            chain.add(name);
            return new Expr.FieldRef(inner.name(), arg != null ? arg : inner.arg(), pos, chain);
        }
        if (name.equals("val")) {
            throw error(start, "expected a field within 'val' transformer");
        }
        Expr.Call call = new Expr.Call(name, args);
        return new Expr.FieldRef(call.toString(), arg, pos, List.of(), call);
    }

    /** A field, a nested transformer, a quoted string, a number, or {@code (list)}. */
    private Expr.TransformerArg parseTransformerArg(String within, boolean any, boolean listAllowed) throws ConditionSyntaxException {
        int at = i;
        if (any) {
            int num = FieldLexer.number(s, i);
            if (num > i) {
                i = num;
                return new Expr.Literal(s.substring(at, num));
            }
            if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                return new Expr.Literal(quoted());
            }
            if (listAllowed && i < s.length() && s.charAt(i) == '(') {
                i++;
                List<Expr.TransformerArg> items = new ArrayList<>();
                blank();
                if (i < s.length() && s.charAt(i) == ')') {
                    i++;
                    return new Expr.ArgList(items);
                }
                do {
                    blank();
                    items.add(parseTransformerArg(within, true, false));
                    blank();
                } while (comma());
                if (i >= s.length() || s.charAt(i) != ')') {
                    throw error(i, "expected ')'");
                }
                i++;
                return new Expr.ArgList(items);
            }
            String nested = transformerAhead(false);
            if (nested != null) {
                return parseTransformer(nested, at);
            }
        }
        int end = FieldLexer.fieldName(s, i);
        if (end == i) {
            throw error(i, "expected a field within '" + within + "' transformer");
        }
        return parseFieldRemainder(at, end);
    }

    private Expr parseCondition(Expr.FieldRef field) throws ConditionSyntaxException {
        enter();
        blank();
        int opPos = i;
        Expr.Pos pos = new Expr.Pos(src, opPos);
        Op.Lexed lexed = Op.lex(s, i);
        if (lexed == null) {
            throw error(opPos, "expected an operator after '" + field + "' but found '" + peekToken()
                    + "' (one of " + Op.LISTING + ")");
        }
        Op op = lexed.op();
        i = lexed.end();
        Expr out;
        switch (op.kind()) {
            case UNARY -> out = new Expr.Check(field, op, List.of(), false, pos);
            case NUMERIC -> {
                blank();
                Expr.Value v = rhsTransformer();
                if (v == null) {
                    int end = FieldLexer.durationSuffix(s, FieldLexer.number(s, i));
                    if (end == i) {
                        throw error(i, "expected a number value or a field with a valid transformer");
                    }
                    v = new Expr.Value(s.substring(i, end), false, new Expr.Pos(src, i));
                    i = end;
                }
                out = new Expr.Check(field, op, List.of(v), false, pos);
            }
            case STRING -> {
                boolean hadBlank = Character.isLetter(op.lexeme().charAt(0)) || blank();
                blank();
                Modifier mod = hadBlank ? Modifier.lex(s, i) : null;
                if (mod != null && listFollows(i + mod.name().length() + 1) && !boolKeywordAt(i + mod.name().length() + 1)) {
                    i += mod.name().length();
                    blank();
                    ListOperand l = parseListOperand(false);
                    out = new Expr.Check(field, op, mod, l.values, l.listForm, pos);
                } else {
                    Expr.Value v = rhsTransformer();
                    if (v == null) {
                        v = stringValue();
                    }
                    if (v == null) {
                        throw error(i, "expected a string value or a field with a valid transformer but found '"
                                + peekToken() + "'");
                    }
                    out = new Expr.Check(field, op, List.of(v), false, pos);
                }
            }
            case LIST -> {
                blank();
                ListOperand l = parseListOperand(true);
                out = new Expr.Check(field, op, l.values, l.listForm, pos);
            }
            default -> throw new IllegalStateException(op.kind().name());
        }
        depth--;
        return out;
    }

    private record ListOperand(List<Expr.Value> values, boolean listForm) { }

    /** {@code (v, ...)}, a list name, or (where allowed) a {@code val()}/transformer operand. */
    private ListOperand parseListOperand(boolean allowTransformer) throws ConditionSyntaxException {
        if (i < s.length() && s.charAt(i) == '(') {
            return new ListOperand(readList(), true);
        }
        if (allowTransformer) {
            Expr.Value v = rhsTransformer();
            if (v != null) {
                return new ListOperand(List.of(v), false);
            }
        }
        int end = FieldLexer.identifier(s, i);
        if (end == i) {
            throw error(i, "expected a list or an identifier but found '" + peekToken() + "'");
        }
        // a bare identifier names a list (Falco's "in list_name"): the compiler expands it or refuses it
        Expr.Value v = new Expr.Value(s.substring(i, end), false, new Expr.Pos(src, i));
        i = end;
        return new ListOperand(List.of(v), false);
    }

    /** A right-hand {@code val(field)} or transformer, or null. */
    private Expr.Value rhsTransformer() throws ConditionSyntaxException {
        int at = i;
        String t = transformerAhead(true);
        if (t == null) {
            return null;
        }
        Expr.FieldRef f = parseTransformer(t, at);
        return new Expr.Value(s.substring(at, i), false, new Expr.Pos(src, at), f);
    }

    private boolean listFollows(int at) {
        int j = at;
        while (j < s.length() && isBlank(s.charAt(j))) {
            j++;
        }
        return j < s.length() && (s.charAt(j) == '(' || FieldLexer.identifier(s, j) > j);
    }

    private boolean boolKeywordAt(int at) {
        int j = at;
        while (j < s.length() && isBlank(s.charAt(j))) {
            j++;
        }
        for (String kw : new String[] {"and", "or", "not"}) {
            if (s.startsWith(kw, j) && (j + kw.length() == s.length() || !Character.isLetterOrDigit(s.charAt(j + kw.length())))) {
                return true;
            }
        }
        return false;
    }

    private List<Expr.Value> readList() throws ConditionSyntaxException {
        int open = i;
        i++;
        List<Expr.Value> out = new ArrayList<>();
        blank();
        Expr.Value first = stringValue();
        if (first != null) {
            out.add(first);
            blank();
            while (i < s.length() && s.charAt(i) == ',') {
                i++;
                blank();
                Expr.Value v = stringValue();
                if (v == null) {
                    throw error(i, i < s.length() ? "expected a list item but found '" + peekToken() + "'"
                            : "unbalanced '(' in list");
                }
                out.add(v);
                blank();
            }
        }
        if (i >= s.length()) {
            throw error(open, "unbalanced '(' in list: missing ')'");
        }
        if (s.charAt(i) != ')') {
            throw error(i, "expected ',' or ')' in list but found '" + peekToken() + "'");
        }
        i++;
        return out;
    }

    /** A quoted or bare string, or null when neither stands at the cursor. */
    private Expr.Value stringValue() throws ConditionSyntaxException {
        if (i >= s.length()) {
            return null;
        }
        int start = i;
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            return new Expr.Value(quoted(), true, new Expr.Pos(src, start));
        }
        int end = FieldLexer.bareString(s, i);
        if (end == i) {
            return null;
        }
        i = end;
        return new Expr.Value(s.substring(start, end), false, new Expr.Pos(src, start));
    }

    /**
     * A quoted string with Falco's escapes; the cursor on the opening quote. As Falco's lexer, the
     * string ends at the first delimiter whose preceding character is not a backslash (so {@code '\\''}
     * runs on), and the escapes are resolved afterwards.
     */
    private String quoted() throws ConditionSyntaxException {
        int start = i;
        char q = s.charAt(i);
        int j = i + 1;
        char prev = q;
        while (j < s.length() && !(s.charAt(j) == q && prev != '\\')) {
            prev = s.charAt(j);
            j++;
        }
        if (j >= s.length()) {
            throw error(start, "unterminated string");
        }
        String inner = s.substring(i + 1, j);
        i = j + 1;
        return unescape(inner, q, start + 1);
    }

    private String unescape(String in, char q, int base) throws ConditionSyntaxException {
        StringBuilder b = new StringBuilder(in.length());
        for (int k = 0; k < in.length(); k++) {
            char c = in.charAt(k);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (k + 1 >= in.length()) {
                break;  // a trailing lone backslash: Falco drops it
            }
            char e = in.charAt(++k);
            switch (e) {
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case ' ', '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case '"', '\'' -> {
                    if (e != q) {
                        throw error(base + k - 1, "invalid \\" + e + " escape in " + q + "-quoted string");
                    }
                    b.append(e);
                }
                case 'x' -> {
                    if (k + 2 >= in.length()) {
                        throw error(base + k - 1, "truncated hex char escape sequence");
                    }
                    int hi = Character.digit(in.charAt(k + 1), 16);
                    int lo = Character.digit(in.charAt(k + 2), 16);
                    if (hi < 0 || lo < 0) {
                        throw error(base + k - 1, "invalid hex char escape sequence");
                    }
                    b.append((char) (hi * 16 + lo));
                    k += 2;
                }
                default -> throw error(base + k - 1, "unsupported string escape sequence: \\" + e);
            }
        }
        return b.toString();
    }

    /** Consumes a ',' when one stands at the cursor. */
    private boolean comma() {
        if (i < s.length() && s.charAt(i) == ',') {
            i++;
            return true;
        }
        return false;
    }

    /** Consumes a 'word' (case-sensitive) when it stands at the cursor; the caller checks what follows. */
    private boolean word(String w) {
        if (startsWith(w)) {
            i += w.length();
            return true;
        }
        return false;
    }

    private boolean startsWith(String w) {
        return s.startsWith(w, i);
    }

    private static boolean isKeyword(String w) {
        return w.equals("and") || w.equals("or") || w.equals("not");
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
    }

    /** Skips Falco's blanks; whether any was there. */
    private boolean blank() {
        int from = i;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i > from;
    }

    private String peekToken() {
        if (i >= s.length()) {
            return "<end>";
        }
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && j - i < 24) {
            j++;
        }
        return j == i ? s.substring(i, i + 1) : s.substring(i, j);
    }

    private ConditionSyntaxException error(int offset, String message) {
        return new ConditionSyntaxException(src.locate(Math.min(offset, s.length())), message);
    }
}
