package io.keelwatch.host.live;

import io.keelwatch.host.HostLookup;
import io.keelwatch.runtime.RuntimeLookups;
import io.keelwatch.runtime.RuntimeUnavailableException;
import io.keelwatch.runtime.containerd.ContainerdClient;
import io.keelwatch.runtime.cri.CriClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers the {@link RuntimeLookups} kinds from the live runtimes (containerd's API, CRI services) and
 * passes every other question to the host lookup it wraps. A runtime that cannot be reached answers
 * {@code null}, counted: the agent runs on without it.
 *
 * <p>Thread-safe: holds no state besides counters.
 */
public final class RuntimeHostLookup implements HostLookup {
    private final HostLookup delegate;
    private final ContainerdClient containerd;
    private final List<CriClient> cri;
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError = "";

    /** @param containerd containerd's own API, or {@code null} when the host has none */
    public RuntimeHostLookup(HostLookup delegate, ContainerdClient containerd, List<CriClient> cri) {
        this.delegate = Objects.requireNonNull(delegate);
        this.containerd = containerd;
        this.cri = List.copyOf(cri);
    }

    @Override
    public String lookup(String kind, String key) {
        return switch (kind) {
            case RuntimeLookups.ENDPOINTS -> endpoints();
            case RuntimeLookups.CONTAINERD_CONTAINER -> containerd == null ? null : guard(() -> containerd.describe(key));
            case RuntimeLookups.CONTAINERD_RUNNING -> containerd == null ? null : guard(containerd::running);
            case RuntimeLookups.CRI_CONTAINER -> criContainer(key);
            case RuntimeLookups.CRI_RUNNING -> {
                CriClient c = cri(key);
                yield c == null ? null : guard(c::running);
            }
            default -> delegate.lookup(kind, key);
        };
    }

    /** Runtime calls that failed (daemon down, refused, timed out); a NOT_FOUND is an answer. */
    public long failures() {
        return failures.get();
    }

    public String lastError() {
        return lastError;
    }

    private String endpoints() {
        StringBuilder out = new StringBuilder();
        for (CriClient c : cri) {
            out.append(RuntimeLookups.CRI_ENDPOINT).append(c.runtime()).append('\n');
        }
        if (containerd != null) {
            out.append(RuntimeLookups.CONTAINERD_ENDPOINT).append('\n');
        }
        return out.toString();
    }

    private String criContainer(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return null;
        }
        CriClient c = cri(key.substring(0, slash));
        String id = key.substring(slash + 1);
        return c == null ? null : guard(() -> c.describe(id));
    }

    private CriClient cri(String runtime) {
        for (CriClient c : cri) {
            if (c.runtime().equals(runtime)) {
                return c;
            }
        }
        return null;
    }

    private interface Call {
        String run();
    }

    private String guard(Call call) {
        try {
            return call.run();
        } catch (RuntimeUnavailableException e) {
            failures.incrementAndGet();
            lastError = e.getMessage();
            return null;
        }
    }
}
