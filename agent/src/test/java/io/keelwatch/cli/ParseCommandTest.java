package io.keelwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLogReader;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.SyscallEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {
    static final Path CAPTURE = Path.of(System.getProperty("keelwatch.shared", "/work/shared"),
            "fixtures/captured/benign-containers/audit.log.gz");
    static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Keelwatch.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<AuditEvent> library(Path file) throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        Reassembler r = new Reassembler(events::add);
        new AuditLogReader(r::add, e -> { }).read(file);
        r.flush();
        return events;
    }

    @Test
    void countSummarisesTheCaptureLikeTheLibrary() throws Exception {
        List<AuditEvent> events = library(CAPTURE);
        Run run = run("parse", "--count", CAPTURE.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode s = JSON.readTree(run.out());
        assertEquals(events.size(), s.get("events").asLong());
        assertEquals(events.stream().mapToLong(e -> e.records().size()).sum(), s.get("records").asLong());
        assertEquals(0, s.get("errors").asLong());
        long execve = events.stream().filter(e -> e instanceof SyscallEvent se && se.call().name().equals("execve")).count();
        assertEquals(execve, s.get("by_syscall").get("execve").asLong());
        long sumTypes = 0;
        for (JsonNode n : s.get("by_record_type")) {
            sumTypes += n.asLong();
        }
        assertEquals(s.get("records").asLong(), sumTypes);
    }

    @Test
    void eventsPrintAsOneJsonObjectPerLine() throws Exception {
        List<AuditEvent> events = library(CAPTURE);
        Run run = run("parse", CAPTURE.toString());
        assertEquals(0, run.exit(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(events.size(), lines.length);
        int checked = 0;
        for (int i = 0; i < lines.length; i++) {
            JsonNode n = JSON.readTree(lines[i]);
            AuditEvent e = events.get(i);
            assertEquals(e.id().toString(), n.get("id").asText());
            assertEquals(e.records().size(), n.get("records").size());
            if (e instanceof SyscallEvent s && s.call().name().equals("execve")) {
                assertEquals(s.argv(), n.has("argv") ? JSON.convertValue(n.get("argv"), List.class) : List.of());
                assertEquals(s.task().exe(), n.get("task").get("exe").asText());
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void badLinesAreReportedWithFileAndLineAndCounted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("audit.log");
        Files.writeString(f, "type=CWD msg=audit(1.000:1): cwd=\"/\"\n"
                + "garbage here\n"
                + "type=PROCTITLE msg=audit(1.000:1): proctitle=6C73\n");
        Run run = run("parse", "--count", f.toString());
        assertEquals(0, run.exit());
        assertEquals(f + ":2: no type= (column 0)", run.err().trim());
        JsonNode s = JSON.readTree(run.out());
        assertEquals(1, s.get("errors").asLong());
        assertEquals(2, s.get("records").asLong());
        assertEquals(1, s.get("events").asLong());
    }

    @Test
    void missingFileFailsWithItsName(@TempDir Path dir) {
        Run run = run("parse", dir.resolve("nope.log").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("nope.log"), run.err());
    }
}
