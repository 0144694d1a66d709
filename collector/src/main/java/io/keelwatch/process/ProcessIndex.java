package io.keelwatch.process;

import java.util.HashMap;
import java.util.Map;

/**
 * The process table's storage: pid -> current holder, plus a recency list over every retained node
 * (current holders and dead ones kept for their descendants) that drives bounded eviction.
 */
final class ProcessIndex {
    private final int max;
    private long evictedDead;
    private long evictedLive;
    private final Map<Integer, ProcessNode> byPid = new HashMap<>();
    /** Most and least recently seen. */
    private ProcessNode head;
    private ProcessNode tail;
    private int size;

    ProcessIndex(int max) {
        this.max = max;
    }

    ProcessNode get(int pid) {
        return byPid.get(pid);
    }

    int size() {
        return size;
    }

    /** Dead processes without retained children dropped at the bound. */
    long evictedDead() {
        return evictedDead;
    }

    /** Live processes (or dead ones holding descendants) dropped because the bound was reached anyway. */
    long evictedLive() {
        return evictedLive;
    }

    /** Adds a node as most recent; a previous holder of its pid is over (dropped unless it holds children). */
    void insert(ProcessNode n) {
        ProcessNode old = byPid.put(n.pid(), n);
        n.indexed = true;
        n.newer = null;
        n.older = head;
        if (head != null) {
            head.newer = n;
        }
        head = n;
        if (tail == null) {
            tail = n;
        }
        size++;
        if (old != null && old != n) {
            old.indexed = false;
            old.alive = false;
            if (old.retainedChildren == 0) {
                remove(old);
            }
        }
    }

    void touch(ProcessNode n) {
        if (head == n) {
            return;
        }
        n.newer.older = n.older;
        if (n.older != null) {
            n.older.newer = n.newer;
        } else {
            tail = n.newer;
        }
        n.newer = null;
        n.older = head;
        head.newer = n;
        head = n;
    }

    /**
     * Keeps the bound. Evicts in batches down to {@code max - max/16}, so a full table pays one list
     * walk per {@code max/16} insertions: first dead processes nobody points to, oldest first; then,
     * only if that was not enough, the least recently seen of any kind.
     */
    void trim() {
        if (size <= max) {
            return;
        }
        int target = max - max / 16;
        ProcessNode n = tail;
        while (n != null && size > target) {
            ProcessNode newer = n.newer;
            if (n.evictable()) {
                remove(n);
                evictedDead++;
            }
            n = newer;
        }
        while (size > max && tail != null) {
            remove(tail);
            evictedLive++;
        }
    }

    private void remove(ProcessNode n) {
        if (n.newer != null) {
            n.newer.older = n.older;
        } else {
            head = n.older;
        }
        if (n.older != null) {
            n.older.newer = n.newer;
        } else {
            tail = n.newer;
        }
        n.newer = null;
        n.older = null;
        size--;
        if (n.indexed) {
            byPid.remove(n.pid(), n);
            n.indexed = false;
        }
        if (n.parent != null) {
            n.parent.retainedChildren--;
        }
    }
}
