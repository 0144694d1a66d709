package io.keelwatch.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.openhft.chronicle.queue.RollCycle;

/**
 * One cycle file of the journal ({@code 20261124-21F.cq4}).
 *
 * @param startMs start of the cycle's time span (UTC), from the file name
 * @param endMs   end of the span (exclusive)
 * @param bytes   the file's length on disk (Chronicle grows files in blocks, so this is an upper bound)
 */
public record CycleFile(Path path, long startMs, long endMs, long bytes) {

    static final String SUFFIX = ".cq4";

    /** The cycle files of a journal directory, oldest first; files not named by the roll cycle are ignored. */
    static List<CycleFile> list(Path dir, RollCycle rollCycle) {
        List<CycleFile> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                String base = name.substring(0, name.length() - SUFFIX.length());
                long start;
                try {
                    start = RollPeriod.cycleStartMs(rollCycle, base);
                } catch (DateTimeParseException e) {
                    continue;
                }
                long size;
                try {
                    size = Files.size(p);
                } catch (IOException e) {
                    continue; // deleted meanwhile
                }
                out.add(new CycleFile(p, start, start + rollCycle.lengthInMillis(), size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal " + dir, e);
        }
        out.sort(Comparator.comparingLong(CycleFile::startMs));
        return out;
    }
}
