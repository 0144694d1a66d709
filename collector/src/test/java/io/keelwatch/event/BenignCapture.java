package io.keelwatch.event;

import io.keelwatch.audit.AuditEvent;
import io.keelwatch.audit.AuditLogReader;
import io.keelwatch.audit.Reassembler;
import io.keelwatch.audit.SyscallEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The captured benign container run in {@code shared/fixtures/captured/benign-containers}. */
public final class BenignCapture {
    private BenignCapture() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("keelwatch.shared", "/work/shared"), "fixtures", "captured",
                "benign-containers");
    }

    public static List<String> dockerEvents() throws IOException {
        return gzLines(dir().resolve("docker-events.jsonl.gz"));
    }

    public static List<String> inspectDocuments() throws IOException {
        return gzLines(dir().resolve("docker-inspect.jsonl.gz"));
    }

    /** Every syscall event of the audit log, in the order the reassembler completes them. */
    public static List<SyscallEvent> syscallEvents() throws IOException {
        List<SyscallEvent> events = new ArrayList<>();
        Reassembler reassembler = new Reassembler((AuditEvent e) -> {
            if (e instanceof SyscallEvent s) {
                events.add(s);
            }
        });
        List<String> errors = new ArrayList<>();
        new AuditLogReader(reassembler::add, err -> errors.add(err.toString())).read(dir().resolve("audit.log.gz"));
        reassembler.flush();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("capture does not parse: " + errors.subList(0, Math.min(5, errors.size())));
        }
        return events;
    }

    public static List<String> gzLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
