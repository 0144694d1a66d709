package io.keelwatch.audit.source;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.AuditRecord;
import io.keelwatch.audit.ByteSearch;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Follows an auditd log file line by line, exact on bytes, across rotations and restarts.
 *
 * <h2>What it handles</h2>
 * <ul>
 *   <li><b>Partial last line</b>: a line is handed out only once its newline is in the file.</li>
 *   <li><b>Rotation by rename</b> (auditd: {@code audit.log -> audit.log.1}, a new {@code audit.log}):
 *       at end of file the tailer sees another file at its path, reads the old one to its end, then
 *       continues with the files rotated after it (if several rotations happened meanwhile) and finally
 *       the new file from byte 0. A rotated file is complete: auditd closes it before renaming.</li>
 *   <li><b>Copy-truncate</b> (logrotate {@code copytruncate}): the file at the path keeps its identity
 *       but shrinks below the read position. If a sibling starts with the same first line (the copy),
 *       the lines not read yet are read from the copy, then the log from byte 0; otherwise reading
 *       restarts at byte 0. Lines written between the copy and the truncation are lost by design of
 *       copytruncate; if the file grows back past the read position before the tailer looks, the
 *       truncation cannot be seen. Prefer rename rotation.</li>
 *   <li><b>Restart</b>: given a {@link Checkpoint}, the tailer finds the checkpointed file by identity
 *       (device and inode) among the path and its rotated siblings ({@code audit.log.N}, newest first by
 *       modification time), resumes at the checkpointed offset, and reads every file rotated after it.</li>
 * </ul>
 * Each of these is counted in {@link AuditSourceStats}. Lines longer than {@link #MAX_LINE_BYTES} are
 * skipped and counted; an unterminated tail of a rotated file is handed out and counted.
 *
 * <h2>Exactly-once</h2>
 * The tailer itself is at-least-once: it resumes at the checkpoint's offset. Audit events span several
 * lines and interleave, so the position up to which everything is handled is the start of the oldest
 * event still open, and lines after it may belong to events already handled. {@link CheckpointedLog}
 * wraps a tailer with that bookkeeping (it tracks every line, drops the events handled before a restart,
 * saves the checkpoint), and is the source to use when each event must be handled once. A checkpoint whose
 * file has been rotated away is a counted loss ({@link AuditSourceStats#missedFiles()}); reading then starts
 * at the oldest file left. Device and inode are checked together with a fingerprint of the file's first
 * line, since inodes get reused.
 *
 * <p>Not thread-safe: one thread calls {@link #nextLine}/{@link #next} and {@link #close}.
 */
public final class AuditLogTailer implements AuditSource {
    /** auditd's default log. */
    public static final Path DEFAULT_LOG = Path.of("/var/log/audit/audit.log");
    /** Longest line accepted; auditd lines are below 10 KiB (8970-byte records plus enrichment). */
    public static final int MAX_LINE_BYTES = AuditRecord.MAX_LINE;
    private static final long DEFAULT_POLL_MS = 50;

    /** Where to start when there is no checkpoint. */
    public enum StartAt { BEGINNING, END }

    private final Path path;
    private final String sourceName;
    private final AuditSourceStats stats;
    private final long pollMs;
    private final RotatedFiles rotated;

    private FileChannel channel;
    private FileKey key;
    private long generation = -1;
    private long fileHead = -1;    // fingerprint of the current file, computed once it has a first line
    private long readPos;          // file offset just after the last byte in buf
    private byte[] buf = new byte[64 * 1024];
    private int head;              // first unconsumed byte in buf
    private int tail;              // end of data in buf
    private int scan;              // newline search resumes here
    private boolean skipping;      // inside an overlong line, dropping until its newline
    private boolean drained;       // the file left the path and was read to its end once more
    private final ArrayDeque<FileKey> pending = new ArrayDeque<>();
    /** Parses each line once, on the thread that owns this tailer. */
    private final AuditLineParser parser = new AuditLineParser();
    private boolean closed;
    private boolean advanced;      // set by atEndOfFile when reading should go on at once
    private boolean inCopy;        // reading the copy a copytruncate left, not a rotated file

    /**
     * @param path     the log to follow
     * @param resume   where the previous run stopped, or {@code null}
     * @param startAt  where to start without a checkpoint
     * @param stats    counters to update
     */
    public AuditLogTailer(Path path, Checkpoint resume, StartAt startAt, AuditSourceStats stats) throws IOException {
        this(path, resume, startAt, stats, DEFAULT_POLL_MS);
    }

    AuditLogTailer(Path path, Checkpoint resume, StartAt startAt, AuditSourceStats stats, long pollMs)
            throws IOException {
        this.path = path;
        this.sourceName = path.toString();
        this.stats = stats;
        this.pollMs = pollMs;
        this.rotated = new RotatedFiles(path);
        start(resume, startAt);
    }

    private void start(Checkpoint cp, StartAt startAt) throws IOException {
        if (cp == null) {
            FileKey k = FileKey.ofOrNull(path);
            if (k != null) {
                open(path, k, startAt == StartAt.END ? endOfLastLine(path) : 0);
            }
            return;
        }
        List<RotatedFiles.Entry> chain = rotated.chain();
        int at = checkpointedFile(chain, cp);
        if (at < 0) {
            // Ours is gone (rotated away, or its inode now names a newer file): everything left is newer.
            stats.missedFiles.increment();
            at = 0;
            if (chain.isEmpty()) return;
            openEntry(chain.get(0), 0);
        } else {
            long offset = cp.offset();
            if (chain.get(at).size() < offset) {
                stats.truncations.increment();
                offset = 0;
            }
            openEntry(chain.get(at), offset);
        }
        for (int i = at + 1; i < chain.size(); i++) pending.add(chain.get(i).key());
    }

    /**
     * Where the checkpointed file is in {@code chain}, or -1 when it is gone. It is the file of the
     * checkpoint's device and inode when its first line is still the checkpoint's; else the file that
     * starts with that line (a copytruncate copy). An inode whose first line changed belongs to another
     * file: inodes are reused once a rotation deletes the oldest log, and taking the newer file for ours
     * would skip the files between the two.
     */
    private static int checkpointedFile(List<RotatedFiles.Entry> chain, Checkpoint cp) {
        int at = RotatedFiles.indexOf(chain, cp.file());
        if (at >= 0 && (cp.fileHead() == -1 || FileHead.of(chain.get(at).path()) == cp.fileHead())) return at;
        if (cp.fileHead() == -1) return -1;
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (FileHead.of(chain.get(i).path()) == cp.fileHead()) return i;
        }
        return -1;
    }

    /** Just after the last newline, so that a line being written when we start is read whole. */
    private static long endOfLastLine(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            int window = (int) Math.min(size, 64 * 1024);
            ByteBuffer b = ByteBuffer.allocate(window);
            while (b.hasRemaining() && ch.read(b, size - window + b.position()) > 0) {
                // keep reading until the window is full
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') return size - window + i + 1;
            }
            return size;
        }
    }

    private void openEntry(RotatedFiles.Entry e, long offset) throws IOException {
        open(e.path(), e.key(), offset);
    }

    /** Opens {@code p}, which must still be the file {@code expected}; returns false when it is not. */
    private boolean open(Path p, FileKey expected, long offset) throws IOException {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        FileKey k = FileKey.ofOrNull(p);
        if (!expected.equals(k)) {
            ch.close();
            return false;
        }
        closeChannel();
        channel = ch;
        key = k;
        try {
            fileHead = FileHead.of(ch);
        } catch (IOException e) {
            fileHead = -1;
        }
        channel.position(offset);
        readPos = offset;
        head = tail = scan = 0;
        skipping = false;
        drained = false;
        inCopy = false;
        generation++;
        return true;
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public Received next(long timeoutMs) throws IOException, InterruptedException {
        TailedLine l = nextLine(timeoutMs);
        return l == null ? null : Received.parse(parser, l.input(), true);
    }

    /**
     * The next complete line with its position, waiting up to {@code timeoutMs} for one.
     *
     * @return the line, or {@code null} when none was complete in time
     */
    public TailedLine nextLine(long timeoutMs) throws IOException, InterruptedException {
        if (closed) throw new IOException(sourceName + ": tailer closed");
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            if (channel != null) {
                TailedLine l = takeLine();
                if (l != null) return l;
                int n = fill();
                if (n > 0) continue;
                if (n < 0) {
                    advanced = false;
                    TailedLine last = atEndOfFile();
                    if (last != null) return last;
                    if (advanced) continue;
                }
            } else if (openAtPath()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            Thread.sleep(Math.min(pollMs, Math.max(1, left / 1_000_000L)));
        }
    }

    private boolean openAtPath() throws IOException {
        FileKey k = FileKey.ofOrNull(path);
        return k != null && open(path, k, 0);
    }

    /** Cuts the next complete line out of the buffer, or returns null. */
    private TailedLine takeLine() {
        int i = ByteSearch.newline(buf, scan, tail);
        if (i < 0) {
            scan = tail;
            return null;
        }
        long startOff = readPos - (tail - head);
        long endOff = startOff + (i - head) + 1;
        if (skipping) {
            skipping = false;
            head = scan = i + 1;
            return takeLine();
        }
        byte[] line = Arrays.copyOfRange(buf, head, i);
        head = scan = i + 1;
        return emit(line, startOff, endOff);
    }

    private TailedLine emit(byte[] line, long startOff, long endOff) {
        stats.lines.increment();
        stats.bytes.add(line.length);
        if (fileHead == -1) {
            try {
                fileHead = FileHead.of(channel);
            } catch (IOException e) {
                stats.readErrors.increment();
            }
        }
        HostInput.AuditLine input = new HostInput.AuditLine(System.currentTimeMillis(), sourceName, line);
        return new TailedLine(input, new LogPosition(key, generation, startOff, fileHead),
                new LogPosition(key, generation, endOff, fileHead));
    }

    /** Reads more bytes; returns the count, 0 when there was no room or nothing new, -1 at end of file. */
    private int fill() throws IOException {
        if (head > 0 && (tail == buf.length || head == tail)) {
            System.arraycopy(buf, head, buf, 0, tail - head);
            tail -= head;
            scan -= head;
            head = 0;
        }
        if (tail == buf.length) {
            if (buf.length < MAX_LINE_BYTES) {
                buf = Arrays.copyOf(buf, Math.min(MAX_LINE_BYTES, buf.length * 2));
            } else {
                // One line fills the whole buffer: drop what we have and skip to its newline.
                if (!skipping) stats.overlongLines.increment();
                skipping = true;
                head = tail = scan = 0;
            }
        }
        int n;
        try {
            n = channel.read(ByteBuffer.wrap(buf, tail, buf.length - tail));
        } catch (IOException e) {
            stats.readErrors.increment();
            return 0;
        }
        if (n > 0) {
            tail += n;
            readPos += n;
        }
        return n;
    }

    /**
     * At the end of the current file: wait for more, follow a truncation, or move on to the next file
     * after a rotation. Returns an unterminated last line of a finished file, if any; sets
     * {@link #advanced} when reading should go on at once.
     */
    private TailedLine atEndOfFile() throws IOException {
        FileKey atPath = FileKey.ofOrNull(path);
        if (key.equals(atPath)) {
            if (channel.size() < readPos) {
                stats.truncations.increment();
                long unread = readPos - (tail - head);
                RotatedFiles.Entry copy = fileHead == -1 ? null : rotated.copyOf(fileHead, unread);
                FileKey live = key;
                if (copy != null && open(copy.path(), copy.key(), unread)) {
                    // copytruncate left the lines we had not read yet in the copy: read them there first.
                    inCopy = true;
                    pending.addFirst(live);
                } else {
                    if (tail > head) stats.unterminatedLines.increment();
                    open(path, live, 0);
                }
                advanced = true;
            }
            return null;
        }
        if (atPath == null && pending.isEmpty()) return null;   // between rename and create
        if (!drained) {
            // The writer may have added to the file between our read and the rename.
            drained = true;
            advanced = true;
            return null;
        }
        TailedLine last = null;
        if (tail > head && !skipping) {
            stats.unterminatedLines.increment();
            long startOff = readPos - (tail - head);
            last = emit(Arrays.copyOfRange(buf, head, tail), startOff, readPos);
            head = scan = tail;
        }
        if (pending.isEmpty()) pending.addAll(rotated.newerThan(key));
        boolean fromCopy = inCopy;
        while (!pending.isEmpty()) {
            FileKey next = pending.poll();
            RotatedFiles.Entry e = RotatedFiles.find(rotated.chain(), next);
            if (e != null && open(e.path(), next, 0)) {
                if (!fromCopy) stats.rotations.increment();
                advanced = true;
                return last;
            }
            stats.missedFiles.increment();
        }
        // Nothing newer found yet (the new file may not exist yet): wait at the end of this one.
        drained = false;
        return last;
    }

    /** Position just after the last line handed out, or of the start when none was. */
    public LogPosition position() {
        return key == null ? null : new LogPosition(key, generation, readPos - (tail - head), fileHead);
    }

    @Override
    public AuditSourceStats stats() {
        return stats;
    }

    @Override
    public String describe() {
        return "file:" + sourceName;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        closeChannel();
    }
}
