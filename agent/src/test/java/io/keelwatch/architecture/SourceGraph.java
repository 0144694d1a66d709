package io.keelwatch.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's main sources as a graph of type references, read from the text: every import and every
 * fully qualified {@code io.keelwatch...Type} mention (javadoc links too: a link is a dependency a reader
 * follows). Same-package references need neither, so they are not edges, which is what a package graph
 * wants. Immutable once read.
 *
 * @param types every top-level type: its fully qualified name, module, package and whether it is public
 * @param refs  for each referring type, the project types it names outside its own package
 */
record SourceGraph(Map<String, TypeInfo> types, Map<String, Set<String>> refs) {

    /** A top-level type of a main source file. */
    record TypeInfo(String name, String module, String pkg, boolean isPublic, Path file) { }

    static final List<String> MODULES = List.of("collector", "rules", "agent", "bench");

    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\b");
    /** A project type named in full: packages are lower case, the type starts upper case. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.keelwatch(?:\\.[a-z][a-z0-9_]*)+)\\.([A-Z]\\w*)");

    static SourceGraph read(Path root) {
        Map<String, TypeInfo> types = new TreeMap<>();
        Map<String, String> texts = new HashMap<>();
        for (String module : MODULES) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String text = Files.readString(f);
                    Matcher m = PACKAGE.matcher(text);
                    if (!m.find()) {
                        continue; // package-info without a package line does not occur; nothing to place
                    }
                    String simple = f.getFileName().toString().replace(".java", "");
                    if (simple.equals("package-info")) {
                        continue;
                    }
                    String name = m.group(1) + "." + simple;
                    types.put(name, new TypeInfo(name, module, m.group(1), PUBLIC_TYPE.matcher(text).find(), f));
                    texts.put(name, text);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return of(types, texts);
    }

    /** The graph of the given types and their source texts (also how the test builds a graph to check the checker). */
    static SourceGraph of(Map<String, TypeInfo> types, Map<String, String> texts) {
        Map<String, Set<String>> refs = new TreeMap<>();
        texts.forEach((name, text) -> {
            String pkg = types.get(name).pkg();
            Set<String> out = new TreeSet<>();
            Matcher q = QUALIFIED.matcher(text);
            while (q.find()) {
                String target = q.group(1) + "." + q.group(2);
                if (types.containsKey(target) && !q.group(1).equals(pkg)) {
                    out.add(target);
                }
            }
            refs.put(name, out);
        });
        return new SourceGraph(Map.copyOf(types), refs);
    }

    /** Package to the packages it depends on, each edge with the referring type and the type it names. */
    Map<String, Map<String, List<String>>> packageEdges() {
        Map<String, Map<String, List<String>>> g = new TreeMap<>();
        refs.forEach((from, targets) -> {
            String fp = types.get(from).pkg();
            g.computeIfAbsent(fp, k -> new TreeMap<>());
            for (String to : targets) {
                String tp = types.get(to).pkg();
                g.get(fp).computeIfAbsent(tp, k -> new ArrayList<>())
                        .add(simple(from) + " -> " + simple(to));
            }
        });
        return g;
    }

    /** The strongly connected components with more than one package (Tarjan's algorithm, iterative). */
    List<List<String>> packageCycles() {
        Map<String, Map<String, List<String>>> g = packageEdges();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> cycles = new ArrayList<>();
        int[] counter = {0};
        for (String start : g.keySet()) {
            if (index.containsKey(start)) {
                continue;
            }
            // frames: the node and an iterator position over its successors
            Deque<Object[]> frames = new ArrayDeque<>();
            frames.push(new Object[] {start, new ArrayList<>(g.getOrDefault(start, Map.of()).keySet()), 0});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!frames.isEmpty()) {
                Object[] f = frames.peek();
                String v = (String) f[0];
                @SuppressWarnings("unchecked")
                List<String> succ = (List<String>) f[1];
                int i = (Integer) f[2];
                if (i < succ.size()) {
                    f[2] = i + 1;
                    String w = succ.get(i);
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        frames.push(new Object[] {w, new ArrayList<>(g.getOrDefault(w, Map.of()).keySet()), 0});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                frames.pop();
                if (!frames.isEmpty()) {
                    String parent = (String) frames.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> comp = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        comp.add(w);
                    } while (!w.equals(v));
                    if (comp.size() > 1) {
                        comp.sort(null);
                        cycles.add(comp);
                    }
                }
            }
        }
        return cycles;
    }

    /** For each module, its public types that another module's main code names. */
    Map<String, Set<String>> exports() {
        Map<String, Set<String>> out = new TreeMap<>();
        refs.forEach((from, targets) -> {
            String fm = types.get(from).module();
            for (String to : targets) {
                TypeInfo t = types.get(to);
                if (!t.module().equals(fm)) {
                    out.computeIfAbsent(t.module(), k -> new TreeSet<>()).add(to);
                }
            }
        });
        return out;
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
