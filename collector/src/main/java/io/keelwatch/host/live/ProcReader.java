package io.keelwatch.host.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a small file (a {@code /proc/PID} entry) or a symbolic link with plain {@code open}/{@code read}/
 * {@code close} and {@code readlink} into one reused buffer. The live agent asks for {@code /proc/PID/stat} of every
 * exec'd process, and most of them (short-lived programs) are gone by then: through java.nio each such miss built a
 * NoSuchFileException with its stack trace, and each hit a channel, a cleaner and a growing copy (bench/PROFILE.md,
 * {@code ProcReadBench}). Here a miss is a return value, and a hit costs the syscalls and one copy into the String.
 *
 * <p>Thread-safe: the buffer has one user at a time (the pipeline thread, in practice).
 */
final class ProcReader {
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /** Files larger than this (a huge {@code cmdline}) are read into a buffer of their own. */
    private static final int BUFFER = 16 << 10;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private final Memory buf = new Memory(BUFFER);

    private static native int open(String path, int flags);

    private static native long read(int fd, Pointer buf, long count);

    private static native int close(int fd);

    private static native long readlink(String path, Pointer buf, long size);

    /** The file's bytes as UTF-8, or null when it cannot be opened or read (the process is gone). */
    synchronized String read(String path) {
        int fd = open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            return null;
        }
        try {
            Memory into = buf;
            long n = 0;
            while (true) {
                long want = into.size() - n;
                long r = read(fd, into.share(n), want);
                if (r < 0) {
                    return null;
                }
                n += r;
                // A read that leaves room is the end: procfs renders a pid's entry whole and hands over all that
                // fits, as a regular file does; asking again for the 0 would be one more syscall in every lookup.
                if (r < want) {
                    break;
                }
                if (n == into.size()) {
                    Memory bigger = new Memory(into.size() * 2);
                    bigger.write(0, into.getByteArray(0, (int) n), 0, (int) n);
                    into = bigger;
                }
            }
            return new String(into.getByteArray(0, (int) n), StandardCharsets.UTF_8);
        } finally {
            close(fd);
        }
    }

    /**
     * The link's target, or null when it cannot be read. A target of the buffer's full size may have been cut:
     * read again with a larger buffer, as {@code readlink(2)} does not say.
     */
    synchronized String link(String path) {
        Memory into = buf;
        while (true) {
            long n = readlink(path, into, into.size());
            if (n < 0) {
                return null;
            }
            if (n < into.size()) {
                return new String(into.getByteArray(0, (int) n), StandardCharsets.UTF_8);
            }
            into = new Memory(into.size() * 2);
        }
    }
}
