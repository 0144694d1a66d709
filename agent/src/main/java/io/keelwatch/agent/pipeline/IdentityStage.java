package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.docker.ContainerRegistryStats;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.input.HostInput;
import io.keelwatch.process.ProcessTableStats;
import java.util.List;

/**
 * Who did it: keeps the process table and container registry up to date from events and Docker input,
 * and ties each syscall event to its process and container. Host lookups go through the host lookup it
 * was built with (live, or answering from recorded {@link HostInput.Lookup}s in replay).
 */
public interface IdentityStage {

    EnrichedEvent enrich(SyscallEvent event);

    void dockerEvent(HostInput.DockerEvent event);

    /** A containerd or CRI lifecycle event: the same container handling as Docker's. */
    void runtimeEvent(HostInput.RuntimeEvent event);

    /** A recorded lookup answer (replay feeds them; live mode records them instead). */
    void lookupAnswer(HostInput.Lookup answer);

    /**
     * The container lifecycle events since the last call, oldest first (the container rules' input);
     * the stage keeps none once handed over.
     */
    default List<ContainerEvent> containerEvents() {
        return List.of();
    }

    /** The running containers as the inventory rules see them. */
    List<ContainerState> inventory();

    int processTableSize();

    /** Containers running now: a plain count of what the stage holds, never a host lookup (read on every tick). */
    int containerCacheSize();

    /** The process table's counters; none where there is no process table. */
    default ProcessTableStats processStats() {
        return ProcessTableStats.EMPTY;
    }

    /** The container registry's counters; none where there is no registry. Asks the host nothing. */
    default ContainerRegistryStats containerStats() {
        return ContainerRegistryStats.EMPTY;
    }
}
