package io.keelwatch.process;

/** What the process table did and dropped; the agent exports these as metrics. Read by the owner thread. */
public final class ProcessTableCounters {
    long seeded;
    long execs;
    long forks;
    long missedExecs;
    long pidReused;
    long goneBeforeLookup;
    long placeholders;
    long evictedDead;
    long evictedLive;
    long malformedLookups;
    long lateCloneRecords;
    long startedAfterEvent;

    /** Processes learnt from /proc at start. */
    public long seeded() {
        return seeded;
    }

    public long execs() {
        return execs;
    }

    /** Children added from clone/fork/vfork/clone3 events. */
    public long forks() {
        return forks;
    }

    /** Events whose exe showed an exec we never saw. */
    public long missedExecs() {
        return missedExecs;
    }

    /** Lookups refused because the pid's process in /proc started after the event: another process. */
    public long startedAfterEvent() {
        return startedAfterEvent;
    }

    /** Pids found to belong to a different process than the one we knew. */
    public long pidReused() {
        return pidReused;
    }

    /** Processes gone before their /proc entry could be read (their container then comes from ancestry). */
    public long goneBeforeLookup() {
        return goneBeforeLookup;
    }

    /** Parents known only by pid (no event and no /proc entry). */
    public long placeholders() {
        return placeholders;
    }

    /** Dead processes without retained children dropped at the bound. */
    public long evictedDead() {
        return evictedDead;
    }

    /** Live processes (or dead ones holding descendants) dropped because the bound was reached anyway. */
    public long evictedLive() {
        return evictedLive;
    }

    /** Clone records that arrived after their child's own records (the child ran first); kept the child. */
    public long lateCloneRecords() {
        return lateCloneRecords;
    }

    public long malformedLookups() {
        return malformedLookups;
    }
}
