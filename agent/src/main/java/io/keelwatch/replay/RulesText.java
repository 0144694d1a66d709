package io.keelwatch.replay;

import io.keelwatch.rules.engine.RuleLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules as one text, the form a rules {@code ConfigChange} carries: each file introduced by a
 * {@code # keelwatch-rules-file: NAME} line (the same form the live agent journals), so locations in
 * errors still name the file.
 */
public final class RulesText {

    static final String MARKER = "# keelwatch-rules-file: ";

    private RulesText() {
    }

    /** The shipped pack. */
    public static String shippedPack() {
        return join(RuleLoader.defaultPack());
    }

    /** The rule files at these paths (directories: their rule files by name). */
    public static String of(List<Path> paths) throws IOException {
        List<RuleLoader.RuleText> texts = new ArrayList<>();
        List<io.keelwatch.rules.lang.Diagnostic> problems = new ArrayList<>();
        for (Path p : RuleLoader.expand(paths, problems)) {
            texts.add(new RuleLoader.RuleText(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
        }
        if (!problems.isEmpty()) {
            throw new IOException(problems.get(0).toString());
        }
        return join(texts);
    }

    static String join(List<RuleLoader.RuleText> texts) {
        StringBuilder sb = new StringBuilder();
        for (RuleLoader.RuleText t : texts) {
            sb.append(MARKER).append(t.name()).append('\n').append(t.text());
            if (!t.text().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Splits a joined text back into its files; text before any marker is one unnamed file. */
    static List<RuleLoader.RuleText> split(String content) {
        List<RuleLoader.RuleText> out = new ArrayList<>();
        String name = "rules";
        StringBuilder cur = new StringBuilder();
        for (String line : content.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                if (!cur.isEmpty()) {
                    out.add(new RuleLoader.RuleText(name, cur.toString()));
                }
                name = line.substring(MARKER.length()).strip();
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        if (!cur.isEmpty() && !cur.toString().isBlank()) {
            out.add(new RuleLoader.RuleText(name, cur.toString()));
        }
        return out;
    }
}
