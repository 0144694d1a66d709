package io.keelwatch.audit;

import java.util.List;

/**
 * What one record says on its own, decoded once by {@link RecordParts} and kept in the record's slot, so
 * whichever thread asks first decodes it (a reader thread ahead of the core, or the core itself). A PATH
 * record's part is its {@link PathItem}, an OPENAT2's its {@link OpenHow}: the public types themselves, no
 * wrapper per record.
 */
sealed interface RecordPart permits RecordPart.SyscallPart, PathItem, RecordPart.Proctitle, RecordPart.Cwd, OpenHow {

    /** A SYSCALL record: the call, the task, the rule keys, and the names an ENRICHED tail gives the ids. */
    record SyscallPart(long arch, Syscall call, Task task, List<String> keys, IdNames names) implements RecordPart {
    }

    /** A PROCTITLE record's words (split at NULs). */
    record Proctitle(List<String> words) implements RecordPart {
    }

    /** A CWD record's path; {@code null} when it has no readable {@code cwd=}. */
    record Cwd(String path) implements RecordPart {
        static final Cwd NONE = new Cwd(null);
    }
}
