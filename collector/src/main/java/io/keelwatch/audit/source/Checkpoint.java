package io.keelwatch.audit.source;

import io.keelwatch.audit.EventId;

import java.util.Set;

/**
 * How far a consumer of an auditd log has got, as persisted between runs. See {@link CheckpointTracker}
 * for how a consumer computes it so that a restart loses and duplicates no event.
 *
 * @param file       identity of the file to resume in
 * @param fileHead   fingerprint of that file's first line ({@link FileHead}), -1 when unknown
 * @param offset     byte offset to resume at: the start of the oldest event not yet handled
 * @param readFile   identity of the file the previous run had read up to when it took the checkpoint
 * @param readFileHead fingerprint of that file's first line, -1 when unknown (a reused inode is another file)
 * @param readOffset offset it had read up to; re-reading past this point can meet no handled event
 * @param emitted    events already handled that have records at or after the resume position; the
 *                   consumer drops them when it reassembles them again
 */
public record Checkpoint(FileKey file, long fileHead, long offset, FileKey readFile, long readFileHead, long readOffset,
                         Set<EventId> emitted) {

    public Checkpoint {
        emitted = Set.copyOf(emitted);
    }

    /** A checkpoint at {@code p}, with nothing handled beyond it. */
    public static Checkpoint at(LogPosition p) {
        return new Checkpoint(p.file(), p.fileHead(), p.offset(), p.file(), p.fileHead(), p.offset(), Set.of());
    }

    /** A checkpoint at a plain position (file fingerprint unknown), with nothing handled beyond it. */
    public static Checkpoint at(FileKey file, long offset) {
        return new Checkpoint(file, -1, offset, file, -1, offset, Set.of());
    }
}
