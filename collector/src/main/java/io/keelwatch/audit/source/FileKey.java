package io.keelwatch.audit.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Identity of a file independent of its name: device and inode. A rotated log keeps its identity
 * under its new name, which is how the tailer finds its place again after a restart.
 */
public record FileKey(long device, long inode) {

    /** The identity of the file at {@code path} (following symlinks). */
    public static FileKey of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
        return new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue());
    }

    /** The identity of the file at {@code path}, or {@code null} when there is none. */
    static FileKey ofOrNull(Path path) {
        try {
            return of(path);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return device + ":" + inode;
    }
}
