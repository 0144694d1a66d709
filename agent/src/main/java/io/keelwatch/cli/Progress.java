package io.keelwatch.cli;

import io.keelwatch.replay.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of {@code keelwatch parse} over its input files, for a person at a terminal: the share of the input bytes
 * read (compressed bytes for .gz), records per second and MB per second, every two seconds and after each file;
 * then a summary.
 */
final class Progress {
    private static final long EVERY_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final long totalBytes;
    private final int files;
    private final long startNanos = System.nanoTime();
    // the reading thread adds, the thread that counts records reads
    private final AtomicLong readBytes = new AtomicLong();
    private long nextNanos = startNanos + EVERY_NANOS;
    private int filesDone;

    Progress(PrintWriter err, List<Path> files) {
        this.err = err;
        this.files = files.size();
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // the read reports it with the file's name; progress just leaves it out
            }
        }
        this.totalBytes = total;
    }

    /** The file's bytes, counted as they are read. */
    InputStream open(Path f) throws IOException {
        return new CountingInputStream(Files.newInputStream(f), readBytes);
    }

    void tick(long records) {
        long now = System.nanoTime();
        if (now >= nextNanos) {
            nextNanos = now + EVERY_NANOS;
            line(records, now);
        }
    }

    void fileDone(long records) {
        filesDone++;
        line(records, System.nanoTime());
    }

    private void line(long records, long now) {
        double s = Math.max(1, now - startNanos) / 1e9;
        double pct = totalBytes == 0 ? 100 : Math.min(100, readBytes.get() * 100.0 / totalBytes);
        err.printf("parse: %3.0f%%  %,d records  file %d/%d  %,.0f records/s  %.1f MB/s%n", pct, records,
                Math.min(filesDone + 1, files), files, records / s, readBytes.get() / s / 1e6);
        err.flush();
    }

    void summary(long records, long events, long errors, long firstMs, long lastMs) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        err.println();
        err.println("Summary");
        err.printf("  input           %d file(s), %.1f MB%n", files, totalBytes / 1e6);
        err.printf("  records         %,d%n", records);
        err.printf("  events          %,d%n", events);
        if (firstMs >= 0) {
            err.printf("  log time        %s .. %s%n", Instant.ofEpochMilli(firstMs), Instant.ofEpochMilli(lastMs));
        }
        err.printf("  took            %.1f s (%,.0f records/s)%n", s, records / Math.max(s, 1e-9));
        err.printf("  unparsable      %,d line(s)%s%n", errors, errors == 0 ? "" : " (dropped, shown above)");
        err.flush();
    }
}
