package io.keelwatch.event;

import io.keelwatch.audit.SyscallEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.LifecycleEvent;
import io.keelwatch.docker.ContainerRegistry;
import io.keelwatch.host.HostLookup;
import io.keelwatch.input.HostInput;
import io.keelwatch.process.ProcessContext;
import io.keelwatch.process.ProcessSyscalls;
import io.keelwatch.process.ProcessTable;
import io.keelwatch.runtime.identity.RuntimeEventDecoder;
import io.keelwatch.runtime.identity.RuntimeIdentity;

/**
 * Ties each syscall event to its process, ancestry and container: the one call the pipeline makes
 * per event. Docker events go to {@link #containers()} (the pipeline applies them in input order),
 * so the process table and the container registry see the same sequence live and in replay.
 *
 * <p>Not thread-safe: the pipeline thread owns it.
 */
public final class Enricher {
    /** Default bound of the process table ({@code process_table.max_processes}). */
    public static final int DEFAULT_MAX_PROCESSES = 65_536;

    private final ProcessTable processes;
    private final ContainerRegistry containers;
    private final RuntimeEventDecoder runtimeEvents = new RuntimeEventDecoder();
    private final RuntimeIdentity runtimes;
    private final HostLookup lookup;

    /** Without a host to ask whether an executable is in its container's upper layer: every answer is "no". */
    public Enricher(ProcessTable processes, ContainerRegistry containers) {
        this(processes, containers, null, HostLookup.none());
    }

    private Enricher(ProcessTable processes, ContainerRegistry containers, RuntimeIdentity runtimes, HostLookup lookup) {
        this.processes = processes;
        this.containers = containers;
        this.runtimes = runtimes;
        this.lookup = lookup;
    }

    /**
     * The usual wiring: one lookup for both parts, runtime-named container ids trusted only when Docker
     * told us of them. Call {@link #start()} before the first event.
     */
    public static Enricher create(HostLookup lookup, int maxProcesses) {
        ContainerRegistry containers = new ContainerRegistry(lookup);
        // containerd and CRI runtimes answer through the same (journaled) lookup as Docker
        RuntimeIdentity runtimes = new RuntimeIdentity(lookup);
        containers.resolveWith(runtimes);
        ProcessTable processes = new ProcessTable(lookup, maxProcesses, containers::isKnown);
        return new Enricher(processes, containers, runtimes, lookup);
    }

    /** Learns the running containers and the processes in /proc. */
    public void start() {
        containers.bootstrap();
        processes.seed();
    }

    /** Applies a Docker events-stream message (in input order, like every other input). */
    public void apply(HostInput.DockerEvent event) {
        containers.apply(event);
    }

    /** Applies another runtime's lifecycle event (containerd, CRI), in input order like Docker's. */
    public void apply(HostInput.RuntimeEvent event) {
        LifecycleEvent e = runtimeEvents.decode(event);
        if (e != null) {
            containers.apply(e);
        }
    }

    /** The containerd/CRI resolver of {@link #create}, or {@code null} when built without one. */
    public RuntimeIdentity runtimes() {
        return runtimes;
    }

    /** What became of the runtime events (decoded, ignored, unreadable). */
    public RuntimeEventDecoder runtimeEvents() {
        return runtimeEvents;
    }

    /** The event with its process context and container ({@code null} container: a host process). */
    public EnrichedEvent enrich(SyscallEvent event) {
        ProcessContext process = processes.observe(event);
        String id = process.self().containerId();
        ContainerInfo container = id == null ? null : containers.get(id);
        if (container != null && !container.upperDir().isEmpty() && ProcessSyscalls.isExec(event.call().name())
                && !event.call().failed() && process.self().exe() != null && !process.self().exe().isEmpty()) {
            // Drift: asked once per exec in a container (a stat per layer, journaled like every host answer); forks
            // inherit it. A file in no layer was written and removed before the question (attacks clean up in
            // milliseconds), unless it lies on a mount, which is not the container's file system at all.
            String exe = process.self().exe();
            String layer = lookup.layerOf(container.upperDir(), container.lowerDirs(), exe);
            boolean upper = "upper".equals(layer) || "none".equals(layer) && container.mountOf(exe).isEmpty();
            ProcessContext marked = processes.exeInUpperLayer(process.self().pid(), upper);
            if (marked != null) {
                process = marked;
            }
        }
        return new EnrichedEvent(event, process, container);
    }

    public ProcessTable processes() {
        return processes;
    }

    public ContainerRegistry containers() {
        return containers;
    }
}
