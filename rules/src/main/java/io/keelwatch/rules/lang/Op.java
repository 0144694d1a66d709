package io.keelwatch.rules.lang;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Falco's comparison operators, in the order its lexer tries them (so {@code ==} before {@code =},
 * {@code <=} before {@code <}, {@code intersects} before {@code in}). Word operators of the
 * {@link Kind#STRING} kind need a blank after them; list operators do not ({@code in(a, b)}).
 */
public enum Op {
    EXISTS("exists", Kind.UNARY),
    LE("<=", Kind.NUMERIC), LT("<", Kind.NUMERIC), GE(">=", Kind.NUMERIC), GT(">", Kind.NUMERIC),
    EQEQ("==", Kind.STRING), EQ("=", Kind.STRING), NE("!=", Kind.STRING),
    GLOB("glob", Kind.STRING), IGLOB("iglob", Kind.STRING), CONTAINS("contains", Kind.STRING),
    ICONTAINS("icontains", Kind.STRING), BCONTAINS("bcontains", Kind.STRING), STARTSWITH("startswith", Kind.STRING),
    BSTARTSWITH("bstartswith", Kind.STRING), ENDSWITH("endswith", Kind.STRING), REGEX("regex", Kind.STRING),
    INTERSECTS("intersects", Kind.LIST), IN("in", Kind.LIST), PMATCH("pmatch", Kind.LIST);

    /** What the right-hand side is. */
    public enum Kind { UNARY, NUMERIC, STRING, LIST }

    /** The operators as a listing for messages. */
    static final String LISTING = Arrays.stream(values()).map(o -> o.lexeme).collect(Collectors.joining(", "));

    private final String lexeme;
    private final Kind kind;

    Op(String lexeme, Kind kind) {
        this.lexeme = lexeme;
        this.kind = kind;
    }

    /** The operator as the condition wrote it. */
    public String lexeme() {
        return lexeme;
    }

    /** The operator as the compiler names it ({@code ==} is {@code =}). */
    public String text() {
        return canonical().lexeme;
    }

    /** The operator a check carries: {@code ==} is {@code =}, the others themselves. */
    public Op canonical() {
        return this == EQEQ ? EQ : this;
    }

    public Kind kind() {
        return kind;
    }

    /** The operator standing at {@code at} with what Falco requires after it, or null. */
    static Lexed lex(String s, int at) {
        for (Op o : values()) {
            if (!s.startsWith(o.lexeme, at)) {
                continue;
            }
            int end = at + o.lexeme.length();
            boolean word = Character.isLetter(o.lexeme.charAt(0));
            if (word && o.kind == Kind.STRING) {
                if (end >= s.length() || !ConditionParser.isBlank(s.charAt(end))) {
                    continue;
                }
            }
            return new Lexed(o, end);
        }
        return null;
    }

    /**
     * Whether {@code comp} (blanks already normalised) is a comparison Falco takes in an exception's
     * {@code comps}: an operator, or a string operator with a list modifier ({@code startswith oneof}).
     */
    public static boolean isComparison(String comp) {
        return comparison(comp) != null;
    }

    /** An exception's {@code comps} entry read as an operator and its modifier, or null when it is neither. */
    public static Comparison comparison(String comp) {
        int sp = comp.indexOf(' ');
        String op = sp < 0 ? comp : comp.substring(0, sp);
        for (Op o : values()) {
            if (o.lexeme.equals(op)) {
                if (sp < 0) {
                    return new Comparison(o.canonical(), null);
                }
                Modifier mod = Modifier.of(comp.substring(sp + 1));
                return o.kind == Kind.STRING && mod != null ? new Comparison(o.canonical(), mod) : null;
            }
        }
        return null;
    }

    /** An operator with its optional list modifier, as a check carries them. */
    public record Comparison(Op op, Modifier modifier) { }

    /** An operator and where its lexeme ends. */
    record Lexed(Op op, int end) { }
}
