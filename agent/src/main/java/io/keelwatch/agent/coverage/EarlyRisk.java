package io.keelwatch.agent.coverage;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.KernelWriteRisk;
import io.keelwatch.docker.DockerApi;
import io.keelwatch.docker.DockerEventMessage;
import io.keelwatch.docker.DockerUnavailableException;
import io.keelwatch.docker.InspectFormatException;
import io.keelwatch.docker.InspectParser;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The head start the tier-2 rules need: a privileged container's first process writes core_pattern within a few
 * hundred milliseconds of its {@code create}, while the {@link RiskTracker} learns of it only when the pipeline
 * reaches the event behind the audit records queued before it. On the Docker events thread, before the event is
 * queued, this asks Docker for the container (its own inspect, used for nothing but this decision) and, for a
 * container that can write kernel knobs, arms tier 2 at once ({@link RuleChanger#prearm}). The books stay the
 * {@link RiskTracker}'s: an arming it never confirms lapses.
 */
public final class EarlyRisk {
    private static final Logger LOG = System.getLogger(EarlyRisk.class.getName());

    private final Function<String, String> inspect;
    private final RuleChanger tier2;
    private final LongAdder armed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** @param inspect container id -> Docker's inspect document, or null when it is gone */
    public EarlyRisk(Function<String, String> inspect, RuleChanger tier2) {
        this.inspect = inspect;
        this.tier2 = tier2;
    }

    public static EarlyRisk of(DockerApi docker, RuleChanger tier2) {
        return new EarlyRisk(id -> docker.get("/containers/" + DockerApi.encode(id) + "/json"), tier2);
    }

    /** Looks at one raw Docker event (any kind); never throws: a failure only means no head start. */
    public void seen(String eventJson) {
        try {
            DockerEventMessage m = DockerEventMessage.parse(eventJson);
            if (!m.isContainer() || !m.verb().equals("create") || m.actorId().isEmpty()) {
                return;
            }
            String doc = inspect.apply(m.actorId());
            if (doc == null) {
                return;
            }
            ContainerInfo c = InspectParser.container(doc);
            Optional<String> why = KernelWriteRisk.of(c);
            if (why.isPresent()) {
                armed.increment();
                tier2.prearm("container " + c.shortId() + (c.name().isEmpty() ? "" : " (" + c.name() + ")") + ": "
                        + why.get() + " (at its create event)");
            }
        } catch (InspectFormatException | DockerUnavailableException e) {
            failed.increment();
            LOG.log(Level.DEBUG, "no early tier-2 decision for a Docker event: " + e.getMessage());
        }
    }

    /** Containers that armed tier 2 ahead of the pipeline. */
    public long armed() {
        return armed.sum();
    }

    /** Events whose early look failed (the pipeline's own decision still follows). */
    public long failed() {
        return failed.sum();
    }
}
