package io.keelwatch.replay;

import io.keelwatch.agent.pipeline.IdentityStage;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.event.Enricher;
import io.keelwatch.event.HostInput;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordedHostLookup;
import java.util.List;

/**
 * Identity for replay: the collector's {@link Enricher} asking a {@link RecordedHostLookup} that the
 * recorded {@link HostInput.Lookup}s fill, never the live host. The enricher starts (learning the
 * running containers and processes) at the first input that is not a lookup, so the answers a live
 * agent got at its start, recorded first in the journal, are there when the questions come.
 */
public final class ReplayIdentity implements IdentityStage {

    private final RecordedHostLookup lookup = new RecordedHostLookup();
    private final Enricher enricher;
    private boolean started;

    /**
     * @param unrecorded asked for the questions the recording has no answer for: {@link HostLookup#none()}
     *                   in replay (a bundle records no /proc reads); tests pass one that fails
     */
    public ReplayIdentity(int maxProcesses, HostLookup unrecorded) {
        HostLookup recorded = (kind, key) -> {
            long before = lookup.unanswered();
            String answer = lookup.lookup(kind, key);
            return lookup.unanswered() == before ? answer : unrecorded.lookup(kind, key);
        };
        this.enricher = Enricher.create(recorded, maxProcesses);
    }

    private void start() {
        if (!started) {
            started = true;
            enricher.start();
        }
    }

    @Override
    public EnrichedEvent enrich(SyscallEvent event) {
        start();
        return enricher.enrich(event);
    }

    @Override
    public void dockerEvent(HostInput.DockerEvent event) {
        start();
        enricher.apply(event);
    }

    @Override
    public void lookupAnswer(HostInput.Lookup answer) {
        lookup.add(answer);
    }

    @Override
    public List<ContainerState> inventory() {
        start();
        return enricher.containers().running();
    }

    @Override
    public int processTableSize() {
        return enricher.processes().size();
    }

    @Override
    public int containerCacheSize() {
        return enricher.containers().running().size();
    }

    /** Questions the recording had no answer for. */
    public long unanswered() {
        return lookup.unanswered();
    }
}
