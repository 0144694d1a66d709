package io.keelwatch.docker;

import io.keelwatch.container.ContainerEvent;
import io.keelwatch.container.ContainerInfo;
import io.keelwatch.container.ContainerObserver;
import io.keelwatch.container.ContainerState;
import io.keelwatch.container.ExecSession;
import io.keelwatch.container.LifecycleEvent;
import io.keelwatch.container.RuntimeResolver;
import io.keelwatch.host.HostLookup;
import io.keelwatch.input.HostInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of what is known about containers. It changes only by applying inputs: Docker
 * events ({@link #apply(HostInput.DockerEvent)}) and the answers to the lookups those events (or a
 * first sight of an unknown id) trigger through {@link HostLookup}, so a replay with the recorded
 * answers rebuilds the same state.
 *
 * <p>What happens to containers is also told as runtime-neutral {@link ContainerEvent}s (created,
 * started, found running at bootstrap, updated, exec'd into, died, image moved under it), each with
 * the container as known after the change and dated by the Docker event's {@code timeNano}.
 *
 * <p>Threading: one thread (the pipeline's) applies inputs and calls {@link #get} and
 * {@link #running}; {@link #find} and {@link #isKnown} may be called from any thread.
 */
public final class ContainerRegistry {
    /** Destroyed containers stay findable this long (in count) for audit records that arrive late. */
    private static final int GONE_KEPT = 1024;

    private static final class Entry {
        final ContainerInfo info;
        final boolean running;
        /** The observer was told {@code running} and not yet {@code stopped} (a created container counts). */
        final boolean observed;

        Entry(ContainerInfo info, boolean running, boolean observed) {
            this.info = info;
            this.running = running;
            this.observed = observed;
        }
    }

    private final HostLookup lookup;
    private ContainerObserver observer = ContainerObserver.NONE;
    private ContainerEvent.Listener listener = ContainerEvent.Listener.NONE;
    private RuntimeResolver runtimes = RuntimeResolver.NONE;
    private final Map<String, Entry> live = new ConcurrentHashMap<>();
    private final Map<String, ContainerInfo> gone = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ContainerInfo> eldest) {
            return size() > GONE_KEPT;
        }
    };
    /** Image reference or id -> inspect answer (null value: the host had no such image). */
    private final Map<String, ImageInfo> images = new HashMap<>();

    private long eventsApplied;
    private long eventsMalformed;
    private long inspectsAbsent;
    private long inspectsMalformed;
    private long execsUnknown;
    private String lastError = "";

    public ContainerRegistry(HostLookup lookup) {
        this.lookup = lookup;
    }

    /** Who is told of containers starting, changing and stopping (set before the first input). */
    public void observe(ContainerObserver observer) {
        this.observer = observer == null ? ContainerObserver.NONE : observer;
    }

    /** Who is told of {@link ContainerEvent}s (set before the first input). */
    public void listen(ContainerEvent.Listener listener) {
        this.listener = listener == null ? ContainerEvent.Listener.NONE : listener;
    }

    /** Who is asked about ids Docker does not know (containerd, CRI-O); set before the first input. */
    public void resolveWith(RuntimeResolver runtimes) {
        this.runtimes = runtimes == null ? RuntimeResolver.NONE : runtimes;
    }

    /**
     * Applies a lifecycle event of another runtime: handled as Docker's event of the same verb, so the
     * same inspect (answered by the runtime) and the same observers follow.
     */
    public void apply(LifecycleEvent event) {
        apply(new DockerEventMessage("container", event.verb(), event.id(), Map.of("runtime", event.runtime()),
                event.timeNano()));
    }

    /** Learns the containers already running (at start, and after the event stream reconnects). */
    public void bootstrap() {
        for (String id : runtimes.running()) {
            if (!live.containsKey(id)) {
                inspect(id, null);
            }
        }
        String ids = lookup.runningContainers();
        if (ids == null) {
            return;
        }
        int start = 0;
        while (start < ids.length()) {
            int end = ids.indexOf('\n', start);
            if (end < 0) {
                end = ids.length();
            }
            String id = ids.substring(start, end).strip();
            if (!id.isEmpty()) {
                ContainerInfo info = inspect(id, null);
                if (isRunning(info.id())) {
                    listener.on(new ContainerEvent.FoundRunning(state(info), 0));
                }
            }
            start = end + 1;
        }
    }

    /** Applies one message of the Docker events stream. Malformed messages are counted, not thrown. */
    public void apply(HostInput.DockerEvent event) {
        DockerEventMessage m;
        try {
            m = DockerEventMessage.parse(event.json());
        } catch (InspectFormatException e) {
            eventsMalformed++;
            lastError = "docker event: " + e.getMessage();
            return;
        }
        apply(m);
    }

    /** Applies one decoded Docker event. */
    public void apply(DockerEventMessage m) {
        eventsApplied++;
        if (m.isImage()) {
            // A tag moved, an image was pulled, loaded or removed: what tags resolve to may have changed.
            images.clear();
            switch (m.verb()) {
                case "tag", "pull", "load", "import" -> {
                    for (Entry e : List.copyOf(live.values())) {
                        if (e.running) {
                            listener.on(new ContainerEvent.ImageChanged(state(e.info), m.verb(), m.timeNano()));
                        }
                    }
                }
                default -> { }
            }
            return;
        }
        if (!m.isContainer() || m.actorId().isEmpty()) {
            return;
        }
        String id = m.actorId();
        switch (m.verb()) {
            case "create" -> listener.on(new ContainerEvent.Created(state(inspect(id, m)), m.timeNano()));
            case "start" -> listener.on(new ContainerEvent.Started(state(inspect(id, m)), m.timeNano()));
            case "update" -> listener.on(new ContainerEvent.Updated(state(inspect(id, m)), m.timeNano()));
            case "restart", "unpause", "rename" -> inspect(id, m);
            case "exec_create" -> {
                ContainerInfo info = live.containsKey(id) ? live.get(id).info : inspect(id, m);
                listener.on(new ContainerEvent.ExecCreated(state(info), execSession(m), m.timeNano()));
            }
            case "die", "kill", "oom", "stop" -> {
                if (m.verb().equals("die")) {
                    Entry e = live.get(id);
                    ContainerInfo info = e != null ? e.info : fromEvent(id, m);
                    live.put(id, new Entry(info, false, false));
                    observer.stopped(info);
                    listener.on(new ContainerEvent.Died(state(info), m.timeNano()));
                }
            }
            case "destroy" -> {
                Entry e = live.remove(id);
                ContainerInfo info = e != null ? e.info : fromEvent(id, m);
                synchronized (gone) {
                    gone.put(id, info);
                }
                if (e != null && (e.running || e.observed)) {
                    // a container created and destroyed without ever starting was told running at create
                    observer.stopped(info);
                }
            }
            default -> {
                if (!live.containsKey(id)) {
                    // exec_* and the like for a container we never saw: at least remember its name.
                    inspect(id, m);
                }
            }
        }
    }

    /**
     * The container with this id: known metadata, or (first sight, e.g. an id from a cgroup) what an
     * inspect answers now, or {@link ContainerInfo#idOnly} when nobody knows it.
     */
    public ContainerInfo get(String id) {
        ContainerInfo known = find(id);
        if (known != null) {
            return known;
        }
        return inspect(id, null);
    }

    /** Known metadata for this id (live or recently destroyed), without asking the host; or null. */
    public ContainerInfo find(String id) {
        Entry e = live.get(id);
        if (e != null) {
            return e.info;
        }
        synchronized (gone) {
            return gone.get(id);
        }
    }

    /** Whether Docker (events or inspect) told us of this container. */
    public boolean isKnown(String id) {
        ContainerInfo info = find(id);
        return info != null && info.hasMetadata();
    }

    /** Snapshots of the running containers for the inventory rules, each with what its tag points to now. */
    public List<ContainerState> running() {
        List<ContainerState> out = new ArrayList<>();
        for (Entry e : live.values()) {
            if (e.running) {
                out.add(new ContainerState(e.info, tagImageId(e.info.image())));
            }
        }
        return out;
    }

    /** How many containers run now: a count of what is held, no lookup (unlike {@link #running()}). */
    public int runningCount() {
        int n = 0;
        for (Entry e : live.values()) {
            if (e.running) {
                n++;
            }
        }
        return n;
    }

    /** The counters and sizes as of now, without asking the host anything. */
    public ContainerRegistryStats stats() {
        return new ContainerRegistryStats(runningCount(), live.size(), eventsApplied, eventsMalformed, inspectsAbsent,
                inspectsMalformed, execsUnknown);
    }

    /** The image id an image reference resolves to now, or null when unknown. */
    public String tagImageId(String reference) {
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        ImageInfo image = image(reference);
        return image == null ? null : image.id();
    }

    public long eventsApplied() {
        return eventsApplied;
    }

    public long eventsMalformed() {
        return eventsMalformed;
    }

    /** Inspects that found no container (gone already, or no Docker). */
    public long inspectsAbsent() {
        return inspectsAbsent;
    }

    public long inspectsMalformed() {
        return inspectsMalformed;
    }

    /** exec_create events whose session could not be inspected (gone already, or malformed). */
    public long execsUnknown() {
        return execsUnknown;
    }

    public String lastError() {
        return lastError;
    }

    private ContainerInfo inspect(String id, DockerEventMessage cause) {
        String json = lookup.inspectContainer(id);
        ContainerInfo info = null;
        boolean running = cause == null || !cause.verb().equals("create");
        if (json != null) {
            try {
                info = InspectParser.container(json);
                running = InspectParser.running(json);
            } catch (InspectFormatException e) {
                inspectsMalformed++;
                lastError = "inspect " + id + ": " + e.getMessage();
            }
        } else {
            RuntimeResolver.Resolved r = runtimes.resolve(id);
            if (r != null) {
                info = r.info();
                running = r.running() || (cause != null && RUNNING_VERBS.contains(cause.verb()));
            } else {
                inspectsAbsent++;
            }
        }
        if (info == null) {
            Entry known = live.get(id);
            info = cause != null ? fromEvent(id, cause) : known != null ? known.info : ContainerInfo.idOnly(id);
            if (known != null && cause != null && !known.info.imageId().isEmpty()) {
                // Keep what an earlier inspect said; an event only renames.
                info = rename(known.info, info.name());
            }
        } else if (info.imageCreated() == null && !info.imageId().isEmpty()) {
            ImageInfo image = image(info.imageId());
            if (image != null && image.created() != null) {
                info = info.withImageCreated(image.created());
            }
        }
        if (!info.id().equals(id) && id.length() < info.id().length()) {
            id = info.id();
        }
        Entry before = live.get(id);
        boolean observed = running || (cause != null && cause.verb().equals("create"));
        live.put(id, new Entry(info, running, observed || (before != null && before.observed)));
        if (observed) {
            observer.running(info);
        }
        return info;
    }

    private boolean isRunning(String id) {
        Entry e = live.get(id);
        return e != null && e.running;
    }

    private ContainerState state(ContainerInfo info) {
        return new ContainerState(info, tagImageId(info.image()));
    }

    /** The session an exec_create event opened, from its inspect; null when it cannot be known. */
    private ExecSession execSession(DockerEventMessage m) {
        String execId = m.attributes().getOrDefault("execID", "");
        if (execId.isEmpty()) {
            execsUnknown++;
            lastError = "exec_create for " + m.actorId() + " names no execID";
            return null;
        }
        String json = lookup.inspectExec(execId);
        if (json == null) {
            execsUnknown++;
            return null;
        }
        try {
            return InspectParser.exec(json);
        } catch (InspectFormatException e) {
            execsUnknown++;
            inspectsMalformed++;
            lastError = "exec inspect " + execId + ": " + e.getMessage();
            return null;
        }
    }

    private ImageInfo image(String reference) {
        if (images.containsKey(reference)) {
            return images.get(reference);
        }
        String json = lookup.inspectImage(reference);
        ImageInfo image = null;
        if (json != null) {
            try {
                image = InspectParser.image(json);
            } catch (InspectFormatException e) {
                inspectsMalformed++;
                lastError = "image inspect " + reference + ": " + e.getMessage();
            }
        }
        images.put(reference, image);
        return image;
    }

    private static ContainerInfo fromEvent(String id, DockerEventMessage m) {
        String runtime = m.attributes().get("runtime");
        return runtime == null ? ContainerInfo.named(id, m.attributes().getOrDefault("name", ""),
                m.attributes().getOrDefault("image", ""))
                : ContainerInfo.named(id, "", "", runtime);
    }

    /** Events after which a container runs, whatever a runtime's (possibly slower) status says. */
    private static final java.util.Set<String> RUNNING_VERBS = java.util.Set.of("start", "restart", "unpause");

    private static ContainerInfo rename(ContainerInfo c, String name) {
        if (name.isEmpty() || name.equals(c.name())) {
            return c;
        }
        return c.withName(name);
    }
}
