package io.keelwatch.rules.engine;

import io.keelwatch.rules.lang.Definitions;
import io.keelwatch.rules.lang.Diagnostic;
import io.keelwatch.rules.lang.Item;
import io.keelwatch.rules.lang.Location;
import io.keelwatch.rules.lang.RuleFileReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads rule files. Paths are files or directories (their {@code *.yaml}/{@code *.yml}, sorted by
 * name); everything is applied in order, later definitions overriding earlier ones. Problems never
 * throw: they are in the returned set's diagnostics.
 */
public final class RuleLoader {
    /** Classpath folder of the embedded default pack; {@code index.txt} lists its files in load order. */
    public static final String PACK_RESOURCE_DIR = "keelwatch/rules/";

    private RuleLoader() { }

    /** One rule file's text and the name locations use. */
    public record RuleText(String name, String text) { }

    public static RuleSet load(List<Path> paths) {
        List<RuleText> texts = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Path p : expand(paths, problems)) {
            try {
                texts.add(new RuleText(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                problems.add(Diagnostic.error(new Location(p.toString(), 1, 1), null, "cannot read: " + e.getMessage()));
            }
        }
        return compile(texts, problems);
    }

    /** The default pack shipped inside the jar. */
    public static RuleSet loadDefaultPack() {
        return compile(defaultPack(), new ArrayList<>());
    }

    /** The default pack followed by the given files (which may override it). */
    public static RuleSet loadWithDefaults(List<Path> paths) {
        List<RuleText> texts = new ArrayList<>(defaultPack());
        List<Diagnostic> problems = new ArrayList<>();
        for (Path p : expand(paths, problems)) {
            try {
                texts.add(new RuleText(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                problems.add(Diagnostic.error(new Location(p.toString(), 1, 1), null, "cannot read: " + e.getMessage()));
            }
        }
        return compile(texts, problems);
    }

    /** Texts already in memory (the journal records rule texts; replay loads them from there). */
    public static RuleSet compile(List<RuleText> texts) {
        return compile(texts, new ArrayList<>());
    }

    private static RuleSet compile(List<RuleText> texts, List<Diagnostic> diagnostics) {
        Definitions defs = new Definitions();
        List<String> files = new ArrayList<>();
        for (RuleText t : texts) {
            files.add(t.name());
            RuleFileReader.Result r = RuleFileReader.read(t.name(), t.text());
            diagnostics.addAll(r.diagnostics());
            for (Item item : r.items()) {
                defs.apply(item);
            }
        }
        diagnostics.addAll(defs.diagnostics());
        return new RuleSetBuilder(defs, diagnostics).build(files);
    }

    /** The embedded pack's files, in {@code index.txt} order. */
    public static List<RuleText> defaultPack() {
        ClassLoader cl = RuleLoader.class.getClassLoader();
        List<RuleText> out = new ArrayList<>();
        for (String name : readResource(cl, PACK_RESOURCE_DIR + "index.txt").split("\n")) {
            String n = name.strip();
            if (!n.isEmpty() && !n.startsWith("#")) {
                out.add(new RuleText("classpath:" + PACK_RESOURCE_DIR + n, readResource(cl, PACK_RESOURCE_DIR + n)));
            }
        }
        return out;
    }

    private static String readResource(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (the rules jar is incomplete)");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder b = new StringBuilder();
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) > 0) {
                    b.append(buf, 0, n);
                }
                return b.toString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files as given; directories replaced by their rule files sorted by name. */
    public static List<Path> expand(List<Path> paths, List<Diagnostic> problems) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")))
                            .sorted().forEach(out::add);
                } catch (IOException e) {
                    problems.add(Diagnostic.error(new Location(p.toString(), 1, 1), null, "cannot list: " + e.getMessage()));
                }
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                problems.add(Diagnostic.error(new Location(p.toString(), 1, 1), null, "no such file or directory"));
            }
        }
        return out;
    }
}
