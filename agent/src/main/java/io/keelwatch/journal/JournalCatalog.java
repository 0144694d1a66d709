package io.keelwatch.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/** What a journal holds, cycle by cycle: for {@code keelwatch journal ls}. */
public final class JournalCatalog {

    /**
     * One cycle file.
     *
     * @param file      the cycle file
     * @param startMs   start of the cycle's span
     * @param endMs     end of the span (exclusive)
     * @param bytes     file length
     * @param inputs    inputs in the cycle
     * @param firstMs   receive time of the first input, or -1 when empty
     * @param lastMs    receive time of the last input, or -1 when empty
     */
    public record Cycle(Path file, long startMs, long endMs, long bytes, long inputs, long firstMs, long lastMs) { }

    private JournalCatalog() {
    }

    public static List<Cycle> list(Path dir) throws JournalFormatException {
        List<Cycle> out = new ArrayList<>();
        try (SingleChronicleQueue q = JournalQueues.openForReading(dir);
             ExcerptTailer tailer = q.createTailer()) {
            RollCycle rc = q.rollCycle();
            for (CycleFile f : CycleFile.list(dir, rc)) {
                int cycle = (int) (f.startMs() / rc.lengthInMillis());
                // the cycle's excerpt count (Chronicle 2026 has excerptsInCycle only; JournalRoundTripTest checks the counts)
                long n = tailer.excerptsInCycle(cycle);
                long first = -1;
                long last = -1;
                if (n > 0) {
                    first = timeAt(tailer, rc.toIndex(cycle, 0));
                    last = timeAt(tailer, rc.toIndex(cycle, n - 1));
                }
                out.add(new Cycle(f.path(), f.startMs(), f.endMs(), f.bytes(), Math.max(n, 0), first, last));
            }
        }
        return out;
    }

    private static long timeAt(ExcerptTailer tailer, long index) {
        if (!tailer.moveToIndex(index)) {
            return -1;
        }
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            Bytes<?> b = dc.wire().bytes();
            return b.readRemaining() >= InputCodec.TIME_OFFSET + 8 ? InputCodec.peekTime(b) : -1;
        }
    }
}
