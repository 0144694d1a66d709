package io.keelwatch.journal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Allocates disk blocks ahead of Chronicle's write position with ordinary {@code pwrite}s of zeros.
 * A store into a memory-mapped page the filesystem cannot back raises SIGBUS, which the JVM turns
 * into an asynchronous InternalError that may surface anywhere; a {@code write} that finds the disk
 * full simply fails. So the journal writes zeros into the region just ahead of its tail first, and
 * when that fails it drops the input instead of storing into the mapping. Zeros are only ever written
 * over zeros (each block is read first), so a wrong idea of where the tail is can cost the
 * preallocation, never data.
 */
final class Preallocator implements AutoCloseable {

    /** How far ahead of the write position blocks are allocated at once. */
    static final long AHEAD = 1L << 20;
    /** Below this much allocated room past an excerpt, allocate more before writing it. */
    static final long MIN_AHEAD = 256L << 10;

    private final ByteBuffer zeros = ByteBuffer.allocateDirect(64 << 10);
    private final ByteBuffer check = ByteBuffer.allocateDirect(64 << 10);
    private File file;
    private FileChannel channel;
    private long allocatedTo;
    private long unknown;

    enum Outcome {
        /** The room is backed by disk blocks. */
        ALLOCATED,
        /** The filesystem is full. */
        FULL,
        /** Data was found where the tail was thought to be: nothing was allocated. */
        UNKNOWN
    }

    /**
     * Makes sure the bytes from {@code position} to {@code position + need + MIN_AHEAD} of
     * {@code current} are backed by disk blocks.
     */
    Outcome ensure(File current, long position, long need) {
        try {
            if (!current.equals(file)) {
                switchTo(current, position);
            }
            if (position + need + MIN_AHEAD <= allocatedTo) {
                return Outcome.ALLOCATED;
            }
            long from = Math.max(position, allocatedTo);
            long to = position + need + AHEAD;
            for (long at = from; at < to; ) {
                int n = (int) Math.min(zeros.capacity(), to - at);
                if (!allZero(at, n)) {
                    unknown++;
                    return Outcome.UNKNOWN;
                }
                zeros.clear().limit(n);
                at += channel.write(zeros, at);
                allocatedTo = at;
            }
            return Outcome.ALLOCATED;
        } catch (IOException e) {
            return Outcome.FULL;
        }
    }

    private boolean allZero(long at, int n) throws IOException {
        check.clear().limit(n);
        int read = 0;
        while (read < n) {
            int r = channel.read(check, at + read);
            if (r < 0) {
                return true; // past the end of the file: nothing there
            }
            read += r;
        }
        for (int i = 0; i < read; i += 8) {
            if (i + 8 <= read ? check.getLong(i) != 0 : check.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void switchTo(File current, long position) throws IOException {
        close();
        channel = FileChannel.open(current.toPath(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        file = current;
        allocatedTo = position;
    }

    /** How often data was found where the tail was thought to be (zero when the tail is tracked right). */
    long unknown() {
        return unknown;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it that is not also in the mapping
            }
            channel = null;
            file = null;
        }
    }
}
