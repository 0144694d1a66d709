package io.keelwatch.audit.source;

/**
 * A byte position in a tailed log file.
 *
 * @param file       the file's identity
 * @param generation which file this is in the tailer's run: 0 for the first file opened, +1 for every
 *                   rotation or truncation followed; orders positions across files within one run
 * @param offset     byte offset in the file
 * @param fileHead   fingerprint of the file's first line ({@link FileHead}), -1 when unknown; tells a
 *                   reused inode from the original file after a restart
 */
public record LogPosition(FileKey file, long generation, long offset, long fileHead) implements Comparable<LogPosition> {

    @Override
    public int compareTo(LogPosition o) {
        int c = Long.compare(generation, o.generation);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }
}
