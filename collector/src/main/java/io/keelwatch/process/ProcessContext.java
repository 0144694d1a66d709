package io.keelwatch.process;

import java.util.List;

/**
 * A process with its ancestry, nearest first: {@code ancestors.get(0)} is the parent. The chain
 * ends at the container's init or at the host's pid 1, whichever comes first.
 */
public record ProcessContext(ProcessInfo self, List<ProcessInfo> ancestors, String execPeer) {

    /**
     * @param execPeer the inet peer ({@code ip:port}) this pid connected to in the image it replaced by its
     *                 last exec, or {@code null}: exec keeps open descriptors, so a connect followed by an exec
     *                 of a shell in the same pid is a shell talking over that connection (a reverse shell)
     */
    public ProcessContext {
        ancestors = List.copyOf(ancestors);
    }

    public ProcessContext(ProcessInfo self, List<ProcessInfo> ancestors) {
        this(self, ancestors, null);
    }

    /** The parent, or {@code null} when unknown. */
    public ProcessInfo parent() {
        return ancestors.isEmpty() ? null : ancestors.get(0);
    }

    /** The N-th ancestor (1 = parent), or {@code null}. */
    public ProcessInfo ancestor(int n) {
        return n >= 1 && n <= ancestors.size() ? ancestors.get(n - 1) : null;
    }
}
