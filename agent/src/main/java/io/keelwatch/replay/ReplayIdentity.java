package io.keelwatch.replay;

import io.keelwatch.agent.pipeline.EnricherIdentity;
import io.keelwatch.agent.pipeline.IdentityStage;
import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerState;
import io.keelwatch.event.EnrichedEvent;
import io.keelwatch.event.Enricher;
import io.keelwatch.host.HostLookup;
import io.keelwatch.host.RecordedHostLookup;
import io.keelwatch.input.HostInput;
import java.util.List;

/**
 * The live identity stage ({@link EnricherIdentity}) over a {@link RecordedHostLookup} that the
 * recorded {@link HostInput.Lookup}s fill, never the live host. The live agent starts its enricher
 * (learning the running containers and /proc) before the first input, and the journal records those
 * answers first; so here the enricher starts at the first input that is not a lookup, when the
 * answers are in.
 */
public final class ReplayIdentity implements IdentityStage {

    private final RecordedHostLookup recorded = new RecordedHostLookup();
    private final EnricherIdentity identity;
    private long unrecorded;
    private boolean started;

    /**
     * @param unrecorded asked the questions the recording has no answer for: {@link HostLookup#none()}
     *                   in replay (a capture bundle records no /proc reads); tests pass one that fails
     */
    public ReplayIdentity(int maxProcesses, HostLookup unrecorded) {
        HostLookup lookup = (kind, key) -> {
            long before = recorded.unanswered();
            String answer = recorded.lookup(kind, key);
            if (recorded.unanswered() == before) {
                return answer;
            }
            this.unrecorded++;
            return unrecorded.lookup(kind, key);
        };
        this.identity = new EnricherIdentity(Enricher.create(lookup, maxProcesses), recorded);
    }

    private void start() {
        if (!started) {
            started = true;
            identity.enricher().start();
        }
    }

    @Override
    public EnrichedEvent enrich(SyscallEvent event) {
        start();
        return identity.enrich(event);
    }

    @Override
    public void dockerEvent(HostInput.DockerEvent event) {
        start();
        identity.dockerEvent(event);
    }

    @Override
    public void runtimeEvent(HostInput.RuntimeEvent event) {
        start();
        identity.runtimeEvent(event);
    }

    @Override
    public void lookupAnswer(HostInput.Lookup answer) {
        identity.lookupAnswer(answer);
    }

    @Override
    public List<ContainerEvent> containerEvents() {
        start();
        return identity.containerEvents();
    }

    @Override
    public List<ContainerState> inventory() {
        start();
        return identity.inventory();
    }

    @Override
    public int processTableSize() {
        return identity.processTableSize();
    }

    @Override
    public int containerCacheSize() {
        return identity.containerCacheSize();
    }

    /** Questions the recording had no answer for. */
    public long unanswered() {
        return unrecorded;
    }
}
