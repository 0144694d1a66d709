package io.keelwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code keelwatch rules check|list} and {@code keelwatch audit-rules}, run in-process. */
class RulesCommandTest {

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        CommandLine cl = Keelwatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path broken(String name) {
        return Path.of(System.getProperty("keelwatch.root"), "rules", "src", "test", "resources", "broken", name);
    }

    @Test
    void checkOfTheShippedPackPasses() {
        Run r = run("rules", "check");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("loaded"), r.err());
    }

    @Test
    void checkPrintsEachErrorWithItsLocationAndFails() {
        Path f = broken("bad-condition.yaml");
        Run r = run("rules", "check", f.toString());
        assertEquals(1, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertEquals(f + ":3:14: rule 'unbalanced parenthesis': unbalanced '(': missing ')'", lines.get(0));
        assertEquals(f + ":23:26: rule 'list operator without list': 'execve' is not a defined list: operator 'in' needs a parenthesised list or a list name", lines.get(3));
    }

    @Test
    void checkOfSeveralFilesReportsAll(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, "- rule: ok\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: INFO\n");
        Run r = run("rules", "check", good.toString(), broken("bad-yaml.yaml").toString(), broken("bad-semantics.yaml").toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(broken("bad-yaml.yaml") + ":5:9: YAML")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(broken("bad-semantics.yaml") + ":22:3: unknown priority")), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith(good.toString())));
    }

    @Test
    void listJsonHasOneObjectPerRule(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, """
                - rule: loaded one
                  desc: d
                  condition: evt.type = execve
                  output: o
                  priority: INFO
                  category: crypto_mining
                - rule: disabled one
                  desc: d
                  condition: evt.type = execve
                  output: o
                  priority: INFO
                  enabled: false
                - rule: skipped one
                  desc: d
                  condition: evt.type = execve and proc.vpgid.name = x
                  output: o
                  priority: INFO
                """);
        Run r = run("rules", "list", "--json", f.toString());
        assertEquals(0, r.exit(), r.err());
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> rows = r.out().lines().map(l -> {
            try {
                return om.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(3, rows.size());
        assertEquals("loaded one", rows.get(0).get("rule").asText());
        assertEquals(f.toString(), rows.get(0).get("file").asText());
        assertEquals("loaded", rows.get(0).get("status").asText());
        assertEquals("crypto_mining", rows.get(0).get("category").asText());
        assertEquals("disabled", rows.get(1).get("status").asText());
        assertEquals("skipped", rows.get(2).get("status").asText());
        assertEquals("other", rows.get(2).get("category").asText());
        assertTrue(rows.get(2).get("reason").asText().contains("proc.vpgid.name"));
    }

    @Test
    void listOfAFileThatIsNotARuleFileFailsWithItsError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(f, "just some words: and {unbalanced\n");
        Run r = run("rules", "list", "--json", f.toString());
        assertEquals(1, r.exit(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().contains(f + ":"), r.err());
    }

    @Test
    void fieldsListsEveryFieldWithTypeAndDescription() throws Exception {
        Run r = run("rules", "fields", "--json");
        assertEquals(0, r.exit(), r.err());
        ObjectMapper om = new ObjectMapper();
        List<JsonNode> rows = new java.util.ArrayList<>();
        for (String l : r.out().lines().toList()) {
            rows.add(om.readTree(l));
        }
        assertEquals(io.keelwatch.rules.fields.Fields.all().size(), rows.size());
        JsonNode pid = rows.stream().filter(n -> n.get("field").asText().equals("proc.pid")).findFirst().orElseThrow();
        assertEquals("number", pid.get("type").asText());
        assertTrue(rows.stream().noneMatch(n -> n.get("description").asText().isBlank()));
        JsonNode dir = rows.stream().filter(n -> n.get("field").asText().equals("fd.directory")).findFirst().orElseThrow();
        assertEquals("directory", dir.get("kind").asText());
        JsonNode write = rows.stream().filter(n -> n.get("field").asText().equals("evt.is_open_write")).findFirst().orElseThrow();
        assertEquals("[\"write_intent\"]", write.get("audit").toString());
        assertEquals("value", pid.get("kind").asText());
    }

    @Test
    void fieldsTableHasAHeaderAndOneLinePerField() {
        Run r = run("rules", "fields");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("FIELD") && lines.get(0).contains("KIND") && lines.get(0).endsWith("DESCRIPTION"), lines.get(0));
        assertEquals(io.keelwatch.rules.fields.Fields.all().size() + 1, lines.size());
        String name = lines.stream().filter(l -> l.startsWith("fd.name ")).findFirst().orElseThrow();
        assertTrue(name.matches("fd\\.name +string +none +syscall +path +\\S.*"), name);
    }

    @Test
    void listTableOfFalcoRules() {
        Path falco = Path.of(System.getProperty("keelwatch.shared"), "third_party", "falco-rules", "falco_rules.yaml");
        Run r = run("rules", "list", falco.toString());
        assertEquals(0, r.exit());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("skipped") && l.contains("thread.cap_effective")), r.out());
        assertEquals(26, r.out().lines().count(), "header plus 25 rules");
    }

    /** As the README's "For Falco users" says: regex loads (RE2, anchored), the byte-buffer operators are errors. */
    @Test
    void regexLoadsAndTheByteBufferOperatorsAreRefusedWithTheirLocation(@TempDir Path dir) throws Exception {
        String regexRule = """
                - rule: shell by regex
                  desc: d
                  condition: evt.type = execve and proc.name regex "(ba|da)?sh"
                  output: o %proc.name
                  priority: WARNING
                """;
        Path regex = dir.resolve("regex.yaml");
        Files.writeString(regex, regexRule);
        Run listed = run("rules", "list", regex.toString());
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("loaded") && l.contains("shell by regex")),
                listed.out());
        Path bytes = dir.resolve("bytes.yaml");
        Files.writeString(bytes, regexRule + """
                - rule: bytes
                  desc: d
                  condition: evt.type = execve and proc.name bcontains 6162
                  output: o %proc.name
                  priority: WARNING
                """);
        Run check = run("rules", "check", bytes.toString());
        assertEquals(1, check.exit());
        assertEquals(List.of(bytes + ":8:46: rule 'bytes': proc.name bcontains: operator 'bcontains' (byte buffers) is"
                + " not supported: audit events carry no data buffers"), check.out().lines().toList());
    }

    @Test
    void auditRulesForTheShippedPack() {
        Run r = run("audit-rules", "--pid", "777");
        assertEquals(0, r.exit(), r.err());
        List<String> rules = r.out().lines().filter(l -> l.startsWith("-")).toList();
        assertEquals("-a never,exit -F arch=b64 -S all -F pid=777", rules.get(0));
        assertTrue(rules.contains("-a always,exit -F arch=b64 -S execve,execveat -k kw_exec"));
        Run placeholder = run("audit-rules");
        assertTrue(placeholder.out().contains("-F pid=@KEELWATCH_PID@"));
        assertEquals(1, run("audit-rules", broken("bad-condition.yaml").toString()).exit());
        Run stat = run("audit-rules", "--no-agent-exclusion", "--all-dirs");
        assertTrue(stat.out().lines().filter(l -> l.startsWith("-")).noneMatch(l -> l.contains(" -F pid=")), stat.out());
        assertTrue(stat.out().contains("-a always,exit -F arch=b64 -F dir=/etc/kubernetes/pki -F perm=r -k kw_watch"));
    }
}
