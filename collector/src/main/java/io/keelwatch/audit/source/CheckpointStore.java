package io.keelwatch.audit.source;

import io.keelwatch.audit.EventId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Persists a {@link Checkpoint} in a small text file. A save writes a temporary file beside it, forces
 * it to disk, renames it over the old one and forces the directory, so after a crash the file holds
 * either the old or the new checkpoint, never a torn one. Thread-safe: the reader thread loads, the
 * consumer thread saves.
 *
 * <pre>
 * keelwatch-audit-checkpoint 1
 * resume DEV INO OFFSET HEAD
 * read DEV INO OFFSET HEAD     (HEAD absent in files of earlier versions: unknown)
 * emitted NODE|- TIMESTAMP_MS SERIAL      (zero or more)
 * </pre>
 */
public final class CheckpointStore {
    private static final String MAGIC = "keelwatch-audit-checkpoint 1";

    private final Path path;
    private final AuditSourceStats stats;

    private final boolean durable;

    public CheckpointStore(Path path, AuditSourceStats stats) {
        this(path, stats, true);
    }

    /** {@code durable=false} skips the fsyncs: still atomic against a killed process, not a power cut. */
    CheckpointStore(Path path, AuditSourceStats stats, boolean durable) {
        this.path = path;
        this.stats = stats;
        this.durable = durable;
    }

    public Path path() {
        return path;
    }

    /** The stored checkpoint, or {@code null} when none was ever saved. */
    public synchronized Checkpoint load() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        String[] lines = text.split("\n");
        if (lines.length < 3 || !lines[0].equals(MAGIC)) {
            throw new IOException(path + ":1: not a keelwatch audit checkpoint");
        }
        long[] resume = numbers(lines[1], "resume", 4, 2);
        long[] read = lines[2].split(" ").length == 4 ? numbers(lines[2], "read", 3, 3) : numbers(lines[2], "read", 4, 3);
        Set<EventId> emitted = new HashSet<>();
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            String[] p = lines[i].split(" ");
            if (p.length != 4 || !p[0].equals("emitted")) {
                throw new IOException(path + ":" + (i + 1) + ": bad line: " + lines[i]);
            }
            try {
                emitted.add(new EventId(p[1].equals("-") ? null : p[1], Long.parseLong(p[2]), Long.parseLong(p[3])));
            } catch (NumberFormatException e) {
                throw new IOException(path + ":" + (i + 1) + ": bad number: " + lines[i], e);
            }
        }
        return new Checkpoint(new FileKey(resume[0], resume[1]), resume[3], resume[2],
                new FileKey(read[0], read[1]), read.length > 3 ? read[3] : -1, read[2], emitted);
    }

    private long[] numbers(String line, String tag, int count, int lineNo) throws IOException {
        String[] p = line.split(" ");
        if (p.length != count + 1 || !p[0].equals(tag)) {
            throw new IOException(path + ":" + lineNo + ": expected '" + tag + "': " + line);
        }
        long[] v = new long[count];
        try {
            for (int i = 0; i < count; i++) v[i] = Long.parseLong(p[i + 1]);
        } catch (NumberFormatException e) {
            throw new IOException(path + ":" + lineNo + ": bad number: " + line, e);
        }
        return v;
    }

    /** Replaces the stored checkpoint atomically and durably. */
    public synchronized void save(Checkpoint cp) throws IOException {
        StringBuilder sb = new StringBuilder(128 + 40 * cp.emitted().size());
        sb.append(MAGIC).append('\n');
        sb.append("resume ").append(cp.file().device()).append(' ').append(cp.file().inode())
                .append(' ').append(cp.offset()).append(' ').append(cp.fileHead()).append('\n');
        sb.append("read ").append(cp.readFile().device()).append(' ').append(cp.readFile().inode())
                .append(' ').append(cp.readOffset()).append(' ').append(cp.readFileHead()).append('\n');
        for (EventId id : cp.emitted()) {
            sb.append("emitted ").append(id.node() == null ? "-" : id.node()).append(' ')
                    .append(id.timestampMs()).append(' ').append(id.serial()).append('\n');
        }
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            if (durable) ch.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(path + ": cannot replace the checkpoint atomically", e);
        }
        // The rename is only durable once the directory entry is on disk.
        if (durable) {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }
        stats.checkpointWrites.increment();
    }
}
