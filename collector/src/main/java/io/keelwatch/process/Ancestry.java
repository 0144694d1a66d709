package io.keelwatch.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a process's {@link ProcessContext}: its ancestors up to its container's init, or up to the
 * host's pid 1 for a host process. A container init still names its parent (the shim), so
 * {@code parent()} is known for every process whose parent is. The context is cached on the node and
 * reused, without allocating, while the same images make up the chain.
 */
final class Ancestry {
    private final int maxDepth;
    private final ArrayList<ProcessInfo> chain = new ArrayList<>();

    Ancestry(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    ProcessContext of(ProcessNode n) {
        chain.clear();
        String cid = n.containerId();
        ProcessNode p = n.parent;
        for (int depth = 0; p != null && depth < maxDepth; depth++) {
            if (!Objects.equals(p.containerId(), cid)) {
                if (chain.isEmpty()) {
                    chain.add(p.info);
                }
                break;
            }
            chain.add(p.info);
            boolean end = cid == null ? p.pid() == 1
                    : p.parent == null || !Objects.equals(p.parent.containerId(), cid);
            if (end) {
                break;
            }
            p = p.parent;
        }
        ProcessContext cached = n.context;
        if (cached != null && cached.self() == n.info && sameChain(cached.ancestors())
                && java.util.Objects.equals(cached.execPeer(), n.execPeer)) {
            return cached;
        }
        ProcessContext fresh = new ProcessContext(n.info, chain, n.execPeer);
        n.context = fresh;
        return fresh;
    }

    private boolean sameChain(List<ProcessInfo> cached) {
        if (cached.size() != chain.size()) {
            return false;
        }
        for (int i = 0; i < chain.size(); i++) {
            if (cached.get(i) != chain.get(i)) {
                return false;
            }
        }
        return true;
    }
}
