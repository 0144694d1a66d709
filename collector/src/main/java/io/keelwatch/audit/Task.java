package io.keelwatch.audit;

/**
 * The task part of a SYSCALL record. Ids use -1 for unset ({@code 4294967295} in the record);
 * container processes normally have {@code auid} unset, so it is no filter for them.
 */
public record Task(int pid, int ppid, long auid, long uid, long gid, long euid, long suid, long fsuid,
                   long egid, long sgid, long fsgid, String tty, long ses, String comm, String exe,
                   String subj) {
}
