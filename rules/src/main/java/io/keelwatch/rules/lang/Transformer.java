package io.keelwatch.rules.lang;

import java.util.List;

/** Falco's field transformers, written {@code name(field)}; {@code val(field)} is a right-hand operand only. */
public final class Transformer {
    private Transformer() { }

    /** In Falco's lexing order. */
    public static final List<String> NAMES = List.of("tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt");
}
