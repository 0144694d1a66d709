package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The team's real capture of a benign container run, as the inputs a file source would produce. */
public final class AuditFixture {
    public static final Path CAPTURE = Path.of(System.getProperty("keelwatch.shared", "../../shared"),
            "fixtures/captured/benign-containers/audit.log.gz");

    private AuditFixture() { }

    public static List<String> lines() throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(CAPTURE)), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                out.add(l);
            }
        }
        return out;
    }

    public static HostInput.AuditLine input(String line) {
        return new HostInput.AuditLine(0, "audit.log", line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The line as a live source hands it to the queue: parsed and decoded on the feeding thread, as the tailer
     * does. The queue refuses a raw audit input, so a test that feeds an agent's queue goes through here.
     */
    public static Received received(String line) {
        return Received.parse(PARSER.get(), input(line), true);
    }

    /** A parser belongs to one thread; tests feed from several. */
    private static final ThreadLocal<AuditLineParser> PARSER = ThreadLocal.withInitial(AuditLineParser::new);

    /** Successful execve SYSCALL records of {@code exe}, counted straight from the text. */
    public static long execs(List<String> lines, String exe) {
        return lines.stream().filter(l -> l.startsWith("type=SYSCALL") && l.contains(" syscall=59 ")
                && l.contains(" success=yes ") && l.contains(" exe=\"" + exe + "\"")).count();
    }
}
