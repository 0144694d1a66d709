package io.keelwatch.rules.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for Falco conditions:
 * <pre>
 * expr    := and ('or' and)*
 * and     := unary ('and' unary)*
 * unary   := 'not' unary | '(' expr ')' | check
 * check   := field ['[' arg ']'] ( 'exists' | binop value | listop '(' values ')' )?   -- alone: macro
 * </pre>
 * Runs once per rule at load time; nothing here is on the event path.
 */
public final class ConditionParser {

    static final Set<String> WORD_OPS = Set.of("in", "intersects", "contains", "icontains", "startswith",
            "endswith", "glob", "pmatch", "exists", "bcontains", "bstartswith", "regex");
    private static final Set<String> LIST_OPS = Set.of("in", "intersects", "pmatch");

    private final SourceText src;
    private final String s;
    private int i;

    private ConditionParser(SourceText src) {
        this.src = src;
        this.s = src.value();
    }

    public static Expr parse(SourceText src) throws ConditionSyntaxException {
        ConditionParser p = new ConditionParser(src);
        p.skipWs();
        if (p.i >= p.s.length()) {
            throw p.error(p.i, "empty condition");
        }
        Expr e = p.parseOr();
        p.skipWs();
        if (p.i < p.s.length()) {
            throw p.error(p.i, "unexpected '" + p.peekToken() + "'");
        }
        return e;
    }

    private Expr parseOr() throws ConditionSyntaxException {
        List<Expr> terms = new ArrayList<>();
        terms.add(parseAnd());
        while (acceptWord("or")) {
            terms.add(parseAnd());
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Or(terms);
    }

    private Expr parseAnd() throws ConditionSyntaxException {
        List<Expr> terms = new ArrayList<>();
        terms.add(parseUnary());
        while (acceptWord("and")) {
            terms.add(parseUnary());
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.And(terms);
    }

    private Expr parseUnary() throws ConditionSyntaxException {
        skipWs();
        if (acceptWord("not")) {
            return new Expr.Not(parseUnary());
        }
        if (i < s.length() && s.charAt(i) == '(') {
            int open = i;
            i++;
            Expr e = parseOr();
            skipWs();
            if (i >= s.length() || s.charAt(i) != ')') {
                throw error(i < s.length() ? i : open, i < s.length()
                        ? "expected ')' but found '" + peekToken() + "'" : "unbalanced '(': missing ')'");
            }
            i++;
            return e;
        }
        return parseCheck();
    }

    private Expr parseCheck() throws ConditionSyntaxException {
        skipWs();
        int start = i;
        if (i >= s.length()) {
            throw error(i, "unexpected end of condition");
        }
        while (i < s.length() && isIdentChar(s.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw error(start, "expected a field or macro name but found '" + peekToken() + "'");
        }
        String name = s.substring(start, i);
        if (isKeyword(name)) {
            throw error(start, "unexpected '" + name + "'");
        }
        String arg = null;
        if (i < s.length() && s.charAt(i) == '[') {
            int close = s.indexOf(']', i);
            if (close < 0) {
                throw error(i, "unterminated field argument '['");
            }
            arg = s.substring(i + 1, close).trim();
            arg = unquote(arg);
            i = close + 1;
        }
        Expr.Pos namePos = new Expr.Pos(src, start);
        skipWs();
        int opPos = i;
        String op = readOperator();
        if (op == null) {
            if (arg != null || name.indexOf('.') >= 0 && !looksLikeEnd()) {
                throw error(opPos, "expected an operator after '" + name + (arg != null ? "[" + arg + "]" : "")
                        + "' but found '" + peekToken() + "'");
            }
            if (arg != null) {
                throw error(opPos, "expected an operator");
            }
            return new Expr.MacroRef(name, namePos);
        }
        Expr.FieldRef field = new Expr.FieldRef(name, arg, namePos);
        Expr.Pos pos = new Expr.Pos(src, opPos);
        if (op.equals("exists")) {
            return new Expr.Check(field, op, List.of(), false, pos);
        }
        skipWs();
        if (i < s.length() && s.charAt(i) == '(') {
            return new Expr.Check(field, op, readList(), true, pos);
        }
        if (LIST_OPS.contains(op)) {
            throw error(i, "operator '" + op + "' needs a parenthesised list");
        }
        Expr.Value v = readValue();
        if (v == null) {
            throw error(i, "missing value after '" + op + "'");
        }
        return new Expr.Check(field, op, List.of(v), false, pos);
    }

    private boolean looksLikeEnd() {
        return i >= s.length() || s.charAt(i) == ')' || startsWithWord("and") || startsWithWord("or");
    }

    private String readOperator() {
        if (i >= s.length()) {
            return null;
        }
        char c = s.charAt(i);
        if (c == '=') {
            i += i + 1 < s.length() && s.charAt(i + 1) == '=' ? 2 : 1;
            return "=";
        }
        if (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
            i += 2;
            return "!=";
        }
        if (c == '<' || c == '>') {
            if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
                i += 2;
                return c + "=";
            }
            i++;
            return String.valueOf(c);
        }
        int j = i;
        while (j < s.length() && Character.isLetter(s.charAt(j))) {
            j++;
        }
        String w = s.substring(i, j).toLowerCase(Locale.ROOT);
        if (WORD_OPS.contains(w) && (j >= s.length() || !isIdentChar(s.charAt(j)))) {
            i = j;
            return w;
        }
        return null;
    }

    private List<Expr.Value> readList() throws ConditionSyntaxException {
        int open = i;
        i++;
        List<Expr.Value> out = new ArrayList<>();
        skipWs();
        if (i < s.length() && s.charAt(i) == ')') {
            i++;
            return out;
        }
        while (true) {
            skipWs();
            Expr.Value v = readValue();
            if (v == null) {
                throw error(i < s.length() ? i : open, i < s.length()
                        ? "expected a list item but found '" + peekToken() + "'" : "unbalanced '(' in list");
            }
            out.add(v);
            skipWs();
            if (i >= s.length()) {
                throw error(open, "unbalanced '(' in list: missing ')'");
            }
            char c = s.charAt(i);
            if (c == ',') {
                i++;
            } else if (c == ')') {
                i++;
                return out;
            } else {
                throw error(i, "expected ',' or ')' in list but found '" + peekToken() + "'");
            }
        }
    }

    private Expr.Value readValue() throws ConditionSyntaxException {
        skipWs();
        if (i >= s.length()) {
            return null;
        }
        int start = i;
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != c) {
                if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                    i++;
                }
                b.append(s.charAt(i++));
            }
            if (i >= s.length()) {
                throw error(start, "unterminated string");
            }
            i++;
            return new Expr.Value(b.toString(), true, new Expr.Pos(src, start));
        }
        while (i < s.length()) {
            char d = s.charAt(i);
            if (Character.isWhitespace(d) || d == ',' || d == ')' || d == '(') {
                break;
            }
            i++;
        }
        if (i == start) {
            return null;
        }
        return new Expr.Value(s.substring(start, i), false, new Expr.Pos(src, start));
    }

    private boolean acceptWord(String w) {
        skipWs();
        if (startsWithWord(w)) {
            i += w.length();
            return true;
        }
        return false;
    }

    private boolean startsWithWord(String w) {
        int end = i + w.length();
        return end <= s.length() && s.regionMatches(true, i, w, 0, w.length())
                && (end == s.length() || !isIdentChar(s.charAt(end)) && s.charAt(end) != '[');
    }

    private static boolean isKeyword(String w) {
        return w.equals("and") || w.equals("or") || w.equals("not");
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private void skipWs() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
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

    private static String unquote(String a) {
        if (a.length() >= 2 && (a.charAt(0) == '"' || a.charAt(0) == '\'') && a.charAt(a.length() - 1) == a.charAt(0)) {
            return a.substring(1, a.length() - 1);
        }
        return a;
    }

    private ConditionSyntaxException error(int offset, String message) {
        return new ConditionSyntaxException(src.locate(offset), message);
    }
}
