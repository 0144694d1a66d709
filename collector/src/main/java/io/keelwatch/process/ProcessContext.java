package io.keelwatch.process;

import java.util.List;

/**
 * A process with its ancestry, nearest first: {@code ancestors.get(0)} is the parent. The chain
 * ends at the container's init or at the host's pid 1, whichever comes first.
 */
public record ProcessContext(ProcessInfo self, List<ProcessInfo> ancestors) {
    public ProcessContext {
        ancestors = List.copyOf(ancestors);
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
