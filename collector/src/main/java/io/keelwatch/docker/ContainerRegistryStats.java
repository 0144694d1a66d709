package io.keelwatch.docker;

/**
 * What the {@link ContainerRegistry} knows and what it could not use, as a snapshot. Reading it asks the host
 * nothing: the sizes are counts of what is held, not inspects.
 *
 * @param running           containers running now
 * @param tracked           containers held as live (running, created or stopped but not destroyed)
 * @param eventsApplied     runtime events applied
 * @param eventsMalformed   events that could not be read (skipped)
 * @param inspectsAbsent    inspects that found no container (gone already, or no Docker)
 * @param inspectsMalformed inspect answers that could not be read (the container keeps what an event said)
 * @param execsUnknown      exec_create events whose session could not be inspected (gone already, or malformed)
 */
public record ContainerRegistryStats(int running, int tracked, long eventsApplied, long eventsMalformed,
                                     long inspectsAbsent, long inspectsMalformed, long execsUnknown) {
    public static final ContainerRegistryStats EMPTY = new ContainerRegistryStats(0, 0, 0, 0, 0, 0, 0);
}
