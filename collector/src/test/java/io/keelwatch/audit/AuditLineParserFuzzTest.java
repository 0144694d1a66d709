package io.keelwatch.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the line parser and what sits on it (field access, reassembly, decoding): any input either
 * parses or raises {@link MalformedRecordException}; nothing else is thrown and nothing hangs. Seeds are
 * fixture lines ({@code AuditLineParserFuzzTestInputs/parseAndDecode}). {@code mvn test} replays them;
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class AuditLineParserFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parseAndDecode(byte[] input) {
        AuditLineParser parser = new AuditLineParser();
        List<AuditEvent> events = new ArrayList<>();
        Reassembler reassembler = new Reassembler(events::add, 2000, 4);
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i < input.length && input[i] != '\n') {
                continue;
            }
            try {
                AuditRecord r = parser.parseLine(input, start, i - start);
                exercise(r);
                byte[] again = r.bytes();
                AuditRecord reparsed = parser.parseLine(again, 0, again.length);
                assertEquals(r, reparsed, "a record's text re-parses to the same record");
                assertEquals(r.fieldCount(), reparsed.fieldCount());
                reassembler.add(r);
            } catch (MalformedRecordException e) {
                assertTrue(e.column() >= 0 && e.column() <= i - start, "column inside the line");
            }
            start = i + 1;
        }
        if (input.length > 4) {
            int type = (input[0] & 0xff) << 8 | (input[1] & 0xff);
            try {
                exercise(parser.parseNetlink(type, input, 2, input.length - 2));
            } catch (MalformedRecordException e) {
                assertTrue(e.column() >= 0);
            }
        }
        reassembler.flush();
        ReassemblyStats s = reassembler.stats();
        assertTrue(s.serialGaps() >= 0, () -> "serial gaps are never negative: " + s);
        long inEvents = events.stream().mapToLong(e -> e.records().size()).sum();
        assertEquals(s.records(), inEvents + s.strayEoe());
    }

    private static void exercise(AuditRecord r) {
        for (int f = 0; f < r.fieldCount(); f++) {
            String name = r.fieldName(f);
            r.value(f);
            r.rawValue(f);
            r.valueBytes(f);
            r.valueLong(f, 0);
            r.valueHex(f, 0);
            r.valueOctal(f, 0);
            if (!r.isEnriched(f)) {
                assertTrue(r.indexOf(name) <= f);
            }
        }
        r.field("msg");
        r.enrichedField("SADDR");
        r.body();
        assertTrue(r.typeName() != null && !r.typeName().isEmpty());
        assertTrue(r.serial() >= 0 && r.serial() <= 0xFFFFFFFFL);
    }
}
