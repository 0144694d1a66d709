package io.keelwatch.rules.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.rules.fields.Source;
import io.keelwatch.rules.lang.ConditionParser;
import io.keelwatch.rules.lang.ConditionSyntaxException;
import io.keelwatch.rules.lang.Definitions;
import io.keelwatch.rules.lang.Diagnostic;
import io.keelwatch.rules.lang.Expr;
import io.keelwatch.rules.lang.SourceText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keelwatch against Falco's own test cases, recorded as data ({@code conformance/*.json}, written by
 * {@code rules/conformance/extract.py} from falcosecurity/libs and falcosecurity/falco): each case is
 * an input and Falco's verdict. Per section it prints the agreement; every disagreement must be listed
 * in {@code conformance/disagreements.tsv} with its reason, and a listed case that now agrees fails the
 * test too (so the list stays exact). Cases whose verdict depends on a field Keelwatch does not provide
 * are counted apart as "not applicable", with the fields named in the report.
 */
class FalcoConformanceTest {

    enum Outcome { AGREE, DISAGREE, NOT_APPLICABLE }

    record Result(String section, String id, Outcome outcome, String detail) { }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode cases(String section) throws IOException {
        try (InputStream in = FalcoConformanceTest.class.getResourceAsStream("/conformance/" + section + ".json")) {
            return JSON.readTree(in).get("cases");
        }
    }

    private static String input(JsonNode c) {
        String s = c.get("input").asText();
        return c.has("repeat") ? s.repeat(c.get("repeat").asInt()) : s;
    }

    // ---- parser: grammar only, fields and macros are just names ----

    static String parses(String in) {
        try {
            ConditionParser.parse(SourceText.synthetic("c", in));
            return null;
        } catch (ConditionSyntaxException e) {
            return e.location().col() + ": " + e.getMessage();
        }
    }

    private static List<Result> parser() throws IOException {
        List<Result> out = new ArrayList<>();
        for (JsonNode c : cases("parser")) {
            String in = input(c);
            boolean accept = c.get("verdict").asText().equals("accept");
            List<String> variants = new ArrayList<>(List.of(in));
            if (c.path("variants").asBoolean()) {
                // as Falco's test_accept: padded with blanks, then with line breaks, then with tabs
                String padded = " " + in + " ";
                variants.add(padded);
                variants.add(padded.replace(' ', '\n'));
                variants.add(padded.replace(' ', '\t'));
            }
            String detail = "";
            boolean agree = true;
            for (String v : variants) {
                String err = parses(v);
                if ((err == null) != accept) {
                    agree = false;
                    detail = (accept ? "refused: " + err : "accepted") + (v.equals(in) ? "" : " (blank variant)");
                    break;
                }
            }
            out.add(new Result("parser", c.get("id").asText(), agree ? Outcome.AGREE : Outcome.DISAGREE, detail));
        }
        return out;
    }

    // ---- compile: real field names, types, operators ----

    private static List<Result> compile() throws IOException {
        List<Result> out = new ArrayList<>();
        Compiler compiler = new Compiler(new Definitions());
        for (JsonNode c : cases("compile")) {
            String in = input(c);
            boolean accept = c.get("verdict").asText().equals("accept");
            String id = c.get("id").asText();
            String err;
            Set<String> missing = Set.of();
            try {
                Expr e = compiler.expand(ConditionParser.parse(SourceText.synthetic("c", in)));
                missing = Compiler.unsupportedFields(e, Source.SYSCALL);
                err = missing.isEmpty() ? null : "";
                if (missing.isEmpty()) {
                    compiler.compile(e, Source.SYSCALL);
                }
            } catch (ConditionSyntaxException e) {
                err = "parse: " + e.getMessage();
            } catch (Compiler.CompileError e) {
                err = e.getMessage();
                if (err.startsWith("undefined macro")) {
                    err = "undefined macro";
                }
            }
            if (!missing.isEmpty()) {
                out.add(new Result("compile", id, Outcome.NOT_APPLICABLE, "field(s) not provided: " + String.join(", ", missing)));
            } else if ((err == null) == accept) {
                out.add(new Result("compile", id, Outcome.AGREE, ""));
            } else {
                out.add(new Result("compile", id, Outcome.DISAGREE, accept ? "refused: " + err : "accepted"));
            }
        }
        return out;
    }

    // ---- loader: whole rule files ----

    private static List<Result> loader() throws IOException {
        List<Result> out = new ArrayList<>();
        for (JsonNode c : cases("loader")) {
            String id = c.get("id").asText();
            boolean accept = c.get("verdict").asText().equals("accept");
            RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("falco-case.yaml", input(c))));
            List<String> fieldSkips = set.statuses().stream()
                    .filter(s -> s.state() != RuleStatus.State.LOADED && s.reason().contains("not available from"))
                    .map(RuleStatus::reason).toList();
            boolean ok = !set.hasErrors();
            boolean falcoWarns = c.has("falco_warnings");
            boolean falcoQuiet = c.path("falco_no_warnings").asBoolean();
            List<String> warnings = set.warnings().stream().map(Diagnostic::toString).toList();
            if (ok == accept && ok && falcoWarns && warnings.isEmpty()) {
                out.add(new Result("loader", id, Outcome.DISAGREE, "no warning (Falco warns: " + c.get("falco_warnings") + ")"));
            } else if (ok == accept && ok && falcoQuiet && !warnings.isEmpty()) {
                out.add(new Result("loader", id, Outcome.DISAGREE, "warns " + warnings + " (Falco: none)"));
            } else if (ok == accept) {
                out.add(new Result("loader", id, Outcome.AGREE, ""));
            } else if (!fieldSkips.isEmpty()) {
                out.add(new Result("loader", id, Outcome.NOT_APPLICABLE, String.join("; ", fieldSkips)));
            } else {
                out.add(new Result("loader", id, Outcome.DISAGREE, accept
                        ? "refused: " + set.errors().stream().map(Diagnostic::toString).toList()
                        : "accepted (Falco: " + c.path("falco_errors") + ")"));
            }
        }
        return out;
    }

    // ---- output: Falco's formatter on a getcwd event of init (pid 1, cwd /test/dir) ----

    private static List<Result> output() throws IOException {
        List<Result> out = new ArrayList<>();
        io.keelwatch.event.EnrichedEvent ev = io.keelwatch.rules.testing.Ev.syscall("getcwd").comm("init").exe("/sbin/init")
                .pid(1, 0).cwd("/test/dir").build();
        for (JsonNode c : cases("output")) {
            String id = c.get("id").asText();
            String in = input(c);
            boolean accept = c.get("verdict").asText().equals("accept");
            List<String> unknown = new ArrayList<>();
            String err = null;
            try {
                OutputTemplate.parseStrict(in, Source.SYSCALL, unknown);
            } catch (OutputTemplate.FormatException e) {
                err = e.getMessage();
            }
            if ((err == null) != accept) {
                out.add(new Result("output", id, Outcome.DISAGREE, accept ? "refused: " + err
                        : "accepted" + (unknown.isEmpty() ? "" : " (renders " + unknown + " as <NA>)")));
                continue;
            }
            if (!c.has("falco_output") || err != null) {
                out.add(new Result("output", id, Outcome.AGREE, ""));
                continue;
            }
            if (!unknown.isEmpty()) {
                out.add(new Result("output", id, Outcome.NOT_APPLICABLE, "field(s) not provided: " + unknown));
                continue;
            }
            String yaml = "- rule: r\n  desc: d\n  condition: evt.type = getcwd\n  output: \""
                    + in.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n  priority: INFO\n";
            RuleSet set = RuleLoader.compile(List.of(new RuleLoader.RuleText("o.yaml", yaml)));
            List<Match> m = new RuleEngine(set).evaluate(ev);
            String got = m.isEmpty() ? "(no match: " + set.diagnostics() + ")" : m.get(0).output();
            String want = c.get("falco_output").asText();
            out.add(new Result("output", id, got.equals(want) ? Outcome.AGREE : Outcome.DISAGREE,
                    "rendered '" + got + "', Falco '" + want + "'"));
        }
        return out;
    }

    private static Map<String, String> known() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = FalcoConformanceTest.class.getResourceAsStream("/conformance/disagreements.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split("\t", 2);
                assertTrue(p.length == 2 && !p[1].isBlank(), "a listed disagreement needs a reason: " + line);
                out.put(p[0], p[1]);
            }
        }
        return out;
    }

    @Test
    void agreementPerSectionAndEveryDisagreementListedWithItsReason() throws IOException {
        List<Result> all = new ArrayList<>();
        all.addAll(parser());
        all.addAll(compile());
        all.addAll(loader());
        all.addAll(output());
        Map<String, String> known = known();
        StringBuilder report = new StringBuilder("Falco conformance (cases from falcosecurity/libs and falcosecurity/falco tests)\n");
        Map<String, int[]> per = new TreeMap<>();
        List<String> unlisted = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Result r : all) {
            int[] n = per.computeIfAbsent(r.section(), k -> new int[3]);
            n[r.outcome().ordinal()]++;
            String key = r.section() + " " + r.id();
            if (r.outcome() == Outcome.DISAGREE && !known.containsKey(key)) {
                unlisted.add(key + "\t" + r.detail());
            }
            if (r.outcome() != Outcome.DISAGREE && known.containsKey(key)) {
                stale.add(key);
            }
        }
        per.forEach((s, n) -> report.append(String.format("  %-8s %4d/%-4d agree (%.1f %%), %d disagree, %d not applicable%n",
                s, n[0], n[0] + n[1], 100.0 * n[0] / Math.max(1, n[0] + n[1]), n[1], n[2])));
        report.append("Disagreements:\n");
        all.stream().filter(r -> r.outcome() == Outcome.DISAGREE).forEach(r -> report.append("  ").append(r.section())
                .append(' ').append(r.id()).append(": ").append(r.detail()).append(" | listed reason: ")
                .append(known.getOrDefault(r.section() + " " + r.id(), "(none)")).append('\n'));
        report.append("Not applicable:\n");
        all.stream().filter(r -> r.outcome() == Outcome.NOT_APPLICABLE).forEach(r -> report.append("  ").append(r.section())
                .append(' ').append(r.id()).append(": ").append(r.detail()).append('\n'));
        System.out.print(report);
        Path target = Path.of(System.getProperty("user.dir"), "target", "falco-conformance.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, report.toString());
        assertEquals(List.of(), unlisted, "disagreements with Falco that conformance/disagreements.tsv does not list");
        assertEquals(List.of(), stale, "listed disagreements that now agree: remove them from disagreements.tsv");
    }
}
