package io.keelwatch.process;

/**
 * What the {@link ProcessTable} did and dropped, as a snapshot; the agent exports each component as a metric.
 *
 * @param entries           processes retained now (live, and dead ones kept for their descendants)
 * @param seeded            processes learnt from /proc at start
 * @param execs             execve/execveat events applied
 * @param forks             children added from clone/fork/vfork/clone3 events
 * @param missedExecs       events whose exe showed an exec we never saw
 * @param pidReused         pids found to belong to a different process than the one we knew
 * @param goneBeforeLookup  processes gone before their /proc entry could be read (their container then comes
 *                          from ancestry)
 * @param placeholders      parents known only by pid (no event and no /proc entry)
 * @param evictedDead       dead processes without retained children dropped at the bound
 * @param evictedLive       live processes (or dead ones holding descendants) dropped because the bound was
 *                          reached anyway
 * @param malformedLookups  host answers (pid lists, boot time) that could not be read
 * @param lateCloneRecords  clone records that arrived after their child's own records (the child ran first); the
 *                          child was kept
 * @param startedAfterEvent lookups refused because the pid's process in /proc started after the event: another
 *                          process
 */
public record ProcessTableStats(int entries, long seeded, long execs, long forks, long missedExecs, long pidReused,
                                long goneBeforeLookup, long placeholders, long evictedDead, long evictedLive,
                                long malformedLookups, long lateCloneRecords, long startedAfterEvent) {
    public static final ProcessTableStats EMPTY = new ProcessTableStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
