package io.keelwatch.agent.pipeline;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.docker.ContainerRegistryStats;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.event.Enricher;
import io.keelwatch.host.RecordedHostLookup;
import io.keelwatch.input.HostInput;
import io.keelwatch.process.ProcessTableStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's enricher (process table + container registry) as the core's identity stage. Live, its
 * lookups go to the host (and are recorded); in replay they are answered by a {@link RecordedHostLookup}
 * that the journal's {@link HostInput.Lookup} inputs fill.
 */
public final class EnricherIdentity implements IdentityStage {
    private final Enricher enricher;
    private final RecordedHostLookup recorded;
    private List<ContainerEvent> pending = new ArrayList<>();

    /**
     * Listens to the enricher's container events: build it before {@link Enricher#start()} so the
     * containers found running at start are told too.
     *
     * @param recorded where recorded answers go (replay), or {@code null} live
     */
    public EnricherIdentity(Enricher enricher, RecordedHostLookup recorded) {
        this.enricher = enricher;
        this.recorded = recorded;
        enricher.containers().listen(pending::add);
    }

    @Override
    public List<ContainerEvent> containerEvents() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<ContainerEvent> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    @Override
    public EnrichedEvent enrich(SyscallEvent event) {
        return enricher.enrich(event);
    }

    @Override
    public void dockerEvent(HostInput.DockerEvent event) {
        enricher.apply(event);
    }

    @Override
    public void runtimeEvent(HostInput.RuntimeEvent event) {
        enricher.apply(event);
    }

    @Override
    public void lookupAnswer(HostInput.Lookup answer) {
        if (recorded != null) {
            recorded.add(answer);
        }
    }

    @Override
    public List<ContainerState> inventory() {
        return enricher.containers().running();
    }

    @Override
    public int processTableSize() {
        return enricher.processes().size();
    }

    @Override
    public int containerCacheSize() {
        return enricher.containers().runningCount();
    }

    @Override
    public ProcessTableStats processStats() {
        return enricher.processes().stats();
    }

    @Override
    public ContainerRegistryStats containerStats() {
        return enricher.containers().stats();
    }

    public Enricher enricher() {
        return enricher;
    }
}
