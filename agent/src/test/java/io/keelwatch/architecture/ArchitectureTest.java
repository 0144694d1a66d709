package io.keelwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layers as rules a build enforces, over every module's main sources:
 * <ul>
 *   <li>no package depends on itself through others (a cycle is printed with the references that make it);</li>
 *   <li>modules depend one way (collector, then rules, then agent, then bench), and the rules know nothing of
 *       container runtimes: the event model is runtime-neutral;</li>
 *   <li>what a module offers the others is a reviewed list ({@code architecture/exports.txt}): naming another
 *       module's type that is not on it, or leaving a listed type unused, fails with the list to write.</li>
 * </ul>
 */
class ArchitectureTest {
    private static final Path ROOT = Path.of(System.getProperty("keelwatch.root"));
    private static final SourceGraph GRAPH = SourceGraph.read(ROOT);
    private static final Path EXPORTS = ROOT.resolve("agent/src/test/resources/architecture/exports.txt");

    @Test
    void readTheWholeTree() {
        assertTrue(GRAPH.types().containsKey("io.keelwatch.rules.engine.RuleEngine"), "rules scanned");
        assertTrue(GRAPH.types().containsKey("io.keelwatch.audit.AuditLineParser"), "collector scanned");
        assertTrue(GRAPH.types().containsKey("io.keelwatch.agent.pipeline.PipelineCore"), "agent scanned");
        assertTrue(GRAPH.types().size() > 250, "all main types: " + GRAPH.types().size());
    }

    @Test
    void noPackageCycles() {
        List<List<String>> cycles = GRAPH.packageCycles();
        StringBuilder why = new StringBuilder();
        Map<String, Map<String, List<String>>> edges = GRAPH.packageEdges();
        for (List<String> c : cycles) {
            why.append("\ncycle ").append(c);
            for (String a : c) {
                for (String b : c) {
                    List<String> refs = edges.getOrDefault(a, Map.of()).get(b);
                    if (refs != null) {
                        why.append("\n  ").append(a).append(" -> ").append(b).append(": ")
                                .append(refs.subList(0, Math.min(4, refs.size())));
                    }
                }
            }
        }
        assertEquals(List.of(), cycles, why.toString());
    }

    /** The checker itself: a cycle through three packages is found, an acyclic chain is not. */
    @Test
    void theCycleCheckFindsACycle() {
        Map<String, SourceGraph.TypeInfo> types = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        put(types, texts, "io.keelwatch.a.A", "package io.keelwatch.a;\nimport io.keelwatch.b.B;\n");
        put(types, texts, "io.keelwatch.b.B", "package io.keelwatch.b;\n/** {@link io.keelwatch.c.C} */\n");
        put(types, texts, "io.keelwatch.c.C", "package io.keelwatch.c;\nclass C { io.keelwatch.a.A a; }\n");
        put(types, texts, "io.keelwatch.d.D", "package io.keelwatch.d;\nimport io.keelwatch.a.A;\n");
        assertEquals(List.of(List.of("io.keelwatch.a", "io.keelwatch.b", "io.keelwatch.c")),
                SourceGraph.of(types, texts).packageCycles());
        texts.put("io.keelwatch.c.C", "package io.keelwatch.c;\n");
        assertEquals(List.of(), SourceGraph.of(types, texts).packageCycles());
    }

    @Test
    void modulesDependOneWay() {
        List<String> order = SourceGraph.MODULES;
        List<String> wrong = new ArrayList<>();
        GRAPH.refs().forEach((from, targets) -> {
            String fm = GRAPH.types().get(from).module();
            for (String to : targets) {
                String tm = GRAPH.types().get(to).module();
                if (order.indexOf(tm) > order.indexOf(fm)) {
                    wrong.add(from + " (" + fm + ") -> " + to + " (" + tm + ")");
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void rulesKnowNothingOfContainerRuntimes() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (SourceGraph.TypeInfo t : GRAPH.types().values()) {
            if (!t.module().equals("rules")) {
                continue;
            }
            for (String to : GRAPH.refs().get(t.name())) {
                String pkg = GRAPH.types().get(to).pkg();
                if (pkg.startsWith("io.keelwatch.docker") || pkg.startsWith("io.keelwatch.runtime")
                        || pkg.startsWith("io.keelwatch.host.live")) {
                    wrong.add(t.name() + " -> " + to);
                }
            }
            if (Files.readString(t.file()).contains("com.github.dockerjava")) {
                wrong.add(t.name() + " -> docker-java");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void eachModuleExportsWhatItsListSays() throws IOException {
        Map<String, Set<String>> actual = GRAPH.exports();
        StringBuilder written = new StringBuilder();
        actual.forEach((module, names) -> names.forEach(n -> written.append(module).append(' ').append(n).append('\n')));
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(EXPORTS)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                listed.add(line.trim());
            }
        }
        Set<String> used = new TreeSet<>(written.toString().lines().toList());
        Set<String> unlisted = new TreeSet<>(used);
        unlisted.removeAll(listed);
        Set<String> unused = new TreeSet<>(listed);
        unused.removeAll(used);
        assertTrue(unlisted.isEmpty() && unused.isEmpty(), "named across modules but not exported: " + unlisted
                + "\nexported but named by no other module: " + unused
                + "\nif the change is meant, " + EXPORTS + " becomes:\n" + written);
    }

    private static void put(Map<String, SourceGraph.TypeInfo> types, Map<String, String> texts, String name, String text) {
        String pkg = name.substring(0, name.lastIndexOf('.'));
        types.put(name, new SourceGraph.TypeInfo(name, "m", pkg, true, Path.of(name)));
        texts.put(name, text);
    }
}
