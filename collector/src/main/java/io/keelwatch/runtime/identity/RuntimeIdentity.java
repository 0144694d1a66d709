package io.keelwatch.runtime.identity;

import io.keelwatch.container.RuntimeResolver;
import io.keelwatch.host.HostLookup;
import io.keelwatch.runtime.RuntimeAnswerException;
import io.keelwatch.runtime.RuntimeLookups;
import io.keelwatch.runtime.containerd.ContainerdDescription;
import io.keelwatch.runtime.cri.CriDescription;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The container registry's view of the non-Docker runtimes, through host lookups only (so the journal
 * holds every answer and a replay resolves ids with no runtime): CRI runtimes first (they know the pod),
 * then containerd's own API (every namespace, and containers made without the CRI). Which runtimes exist
 * is itself a lookup ({@link RuntimeLookups#ENDPOINTS}), asked once.
 *
 * <p>Not thread-safe: the registry's thread owns it; the counters may be read from any thread.
 */
public final class RuntimeIdentity implements RuntimeResolver {
    private final HostLookup lookup;
    private List<String> criRuntimes;
    private boolean containerd;
    private volatile long malformed;
    private volatile String lastError = "";

    public RuntimeIdentity(HostLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Resolved resolve(String id) {
        endpoints();
        for (String runtime : criRuntimes) {
            String doc = lookup.lookup(RuntimeLookups.CRI_CONTAINER, runtime + "/" + id);
            if (doc != null) {
                try {
                    CriDescription.Described d = CriDescription.read(doc);
                    return new Resolved(d.info(), d.running());
                } catch (RuntimeAnswerException e) {
                    malformed++;
                    lastError = "cri " + runtime + " " + id + ": " + e.getMessage();
                }
            }
        }
        if (containerd) {
            String doc = lookup.lookup(RuntimeLookups.CONTAINERD_CONTAINER, id);
            if (doc != null) {
                try {
                    ContainerdDescription.Described d = ContainerdDescription.read(doc);
                    return new Resolved(d.info(), d.running());
                } catch (RuntimeAnswerException e) {
                    malformed++;
                    lastError = "containerd " + id + ": " + e.getMessage();
                }
            }
        }
        return null;
    }

    @Override
    public List<String> running() {
        endpoints();
        Set<String> ids = new LinkedHashSet<>();
        for (String runtime : criRuntimes) {
            lines(lookup.lookup(RuntimeLookups.CRI_RUNNING, runtime), ids);
        }
        if (containerd) {
            lines(lookup.lookup(RuntimeLookups.CONTAINERD_RUNNING, ""), ids);
        }
        return List.copyOf(ids);
    }

    /** Answers that were not the documents the readers expect. */
    public long malformed() {
        return malformed;
    }

    public String lastError() {
        return lastError;
    }

    private void endpoints() {
        if (criRuntimes != null) {
            return;
        }
        List<String> cri = new ArrayList<>();
        Set<String> lines = new LinkedHashSet<>();
        lines(lookup.lookup(RuntimeLookups.ENDPOINTS, ""), lines);
        for (String line : lines) {
            if (line.equals(RuntimeLookups.CONTAINERD_ENDPOINT)) {
                containerd = true;
            } else if (line.startsWith(RuntimeLookups.CRI_ENDPOINT)) {
                cri.add(line.substring(RuntimeLookups.CRI_ENDPOINT.length()).strip());
            }
        }
        criRuntimes = List.copyOf(cri);
    }

    private static void lines(String text, Set<String> out) {
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                out.add(l);
            }
        }
    }
}
