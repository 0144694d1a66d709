package io.keelwatch.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: fixture paths and whole-file reassembly. */
final class Fixtures {
    static final Path SHARED = Path.of(System.getProperty("keelwatch.shared", "/work/shared"));
    static final Path THIRD_PARTY = SHARED.resolve("fixtures/audit/third_party");

    private Fixtures() { }

    static Path thirdParty(String rel) {
        return THIRD_PARTY.resolve(rel);
    }

    /** The result of reading one file through reader + reassembler. */
    record Read(List<AuditEvent> events, List<ParseError> errors, ReassemblyStats stats) {
        SyscallEvent syscall(long serial) {
            for (AuditEvent e : events) {
                if (e instanceof SyscallEvent s && s.id().serial() == serial) {
                    return s;
                }
            }
            throw new AssertionError("no syscall event " + serial + " in " + events);
        }
    }

    static Read read(Path file, long timeoutMs, int maxInFlight) throws IOException {
        List<AuditEvent> events = new ArrayList<>();
        List<ParseError> errors = new ArrayList<>();
        Reassembler r = new Reassembler(events::add, timeoutMs, maxInFlight);
        new AuditLogReader(r::add, errors::add).read(file);
        r.flush();
        return new Read(events, errors, r.stats());
    }

    static Read read(String thirdPartyRel) throws IOException {
        return read(thirdParty(thirdPartyRel), Reassembler.DEFAULT_TIMEOUT_MS, Reassembler.DEFAULT_MAX_IN_FLIGHT);
    }

    static AuditRecord rec(String line) {
        try {
            return AuditRecord.parse(line);
        } catch (MalformedRecordException e) {
            throw new AssertionError(line, e);
        }
    }
}
