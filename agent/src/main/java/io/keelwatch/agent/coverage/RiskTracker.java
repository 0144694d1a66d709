package io.keelwatch.agent.coverage;

import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerObserver;
import io.keelwatch.container.KernelWriteRisk;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The books of which containers can write kernel knobs or cgroup files ({@link KernelWriteRisk}): told by the
 * container registry, on the pipeline thread, of every container created, started, found at start or changed
 * and of every one that stopped. When the first risky container appears it asks for the tier-2 rules, when the
 * last one goes it asks for their removal; it only asks (a {@link Want}), the kernel calls happen elsewhere.
 *
 * <p>Owned by the thread that applies runtime input (the registry's); {@link #riskyCount} may be read from any.
 */
public final class RiskTracker implements ContainerObserver {

    /** What the books want of the kernel after a change, and why (for the log and the journal). */
    public interface Want {
        void tier2(boolean loaded, String why);
    }

    private final Want want;
    /** Container id -> why it is risky. */
    private final Map<String, String> risky = new LinkedHashMap<>();
    private volatile int riskyCount;

    public RiskTracker(Want want) {
        this.want = want;
    }

    @Override
    public void running(ContainerInfo info) {
        Optional<String> why = KernelWriteRisk.of(info);
        if (why.isPresent()) {
            boolean first = risky.isEmpty();
            if (risky.put(info.id(), why.get()) == null) {
                riskyCount = risky.size();
                if (first) {
                    want.tier2(true, describe(info) + ": " + why.get());
                }
            }
        } else {
            // an update can take a risk away (rare, but the books must not keep a container that no longer counts)
            forget(info, "no longer able to write kernel knobs");
        }
    }

    @Override
    public void stopped(ContainerInfo info) {
        forget(info, "stopped");
    }

    /** How many created or running containers can write kernel knobs now. */
    public int riskyCount() {
        return riskyCount;
    }

    private void forget(ContainerInfo info, String how) {
        if (risky.remove(info.id()) != null) {
            riskyCount = risky.size();
            if (risky.isEmpty()) {
                want.tier2(false, "the last container able to write kernel knobs, " + describe(info) + ", " + how);
            }
        }
    }

    private static String describe(ContainerInfo c) {
        return "container " + c.shortId() + (c.name().isEmpty() ? "" : " (" + c.name() + ")");
    }
}
