package io.keelwatch.audit.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * A file's fingerprint: the CRC-32 of its first line (at most 4 KiB). Inodes are reused once a file
 * is deleted, so device and inode alone could send a restarted tailer into the wrong file; the first
 * line of a log never changes once written.
 */
final class FileHead {
    static final int MAX = 4096;

    private FileHead() { }

    /** The fingerprint, or -1 while the file has no complete first line (and is shorter than 4 KiB). */
    static long of(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX);
        long pos = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n <= 0) break;
            pos += n;
        }
        byte[] a = b.array();
        int len = b.position();
        int end = -1;
        for (int i = 0; i < len; i++) {
            if (a[i] == '\n') {
                end = i + 1;
                break;
            }
        }
        if (end < 0) {
            if (len < MAX) return -1;
            end = MAX;
        }
        CRC32 crc = new CRC32();
        crc.update(a, 0, end);
        return crc.getValue();
    }

    static long of(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            return of(ch);
        } catch (IOException e) {
            return -1;
        }
    }
}
