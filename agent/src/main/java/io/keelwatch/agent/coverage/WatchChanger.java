package io.keelwatch.agent.coverage;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.AuditRuleParser;
import io.keelwatch.audit.source.AuditRuleSyntaxException;
import io.keelwatch.audit.source.NetlinkException;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one thread that adds and removes the per-container directory watches ({@link ContainerWatches}), so no
 * kernel call stalls the pipeline: {@link #watch} records the wanted watches of a container (the latest wins) and
 * wakes the thread.
 *
 * <p>It removes exactly what it added: a rule someone else holds ({@code EEXIST}) stays theirs, and only rules with
 * the {@link ContainerWatches#KEY} key are touched. A directory the container does not have (or has as a symlink,
 * which a watch would not follow) is skipped. At start it deletes the watches a predecessor left (a crash), at
 * {@link #close} its own. Every change is logged, counted and journaled as a {@link HostInput.ConfigChange} of kind
 * {@link PipelineCore#AUDIT_WATCH}. A failed change is retried once the next change or a second later.
 *
 * <p>If the thread dies of anything unexpected, {@code fatal} is told, as for the tier-2 rules.
 */
public final class WatchChanger implements InputSource, ContainerWatches.Want {
    private static final Logger LOG = System.getLogger(WatchChanger.class.getName());
    private static final int EEXIST = 17;
    private static final int ENOENT = 2;
    private static final long RETRY_MS = 1000;

    private final RuleKernel kernel;
    private final Consumer<String> fatal;
    private final LongSupplier clock;

    private final Object lock = new Object();
    /** Container id -> the lines wanted, and why; taken by the thread. */
    private final Map<String, Wanted> pending = new LinkedHashMap<>();
    private boolean closing;

    private record Wanted(List<String> lines, String why) { }

    // owned by the thread
    private final Map<String, Map<String, AuditRule>> added = new HashMap<>();
    private InputQueue queue;

    private final Map<List<String>, LongAdder> changes = new ConcurrentHashMap<>();
    private volatile int inKernel;
    private volatile boolean dead;
    private Thread thread;

    public WatchChanger(RuleKernel kernel, Consumer<String> fatal, LongSupplier clock) {
        this.kernel = kernel;
        this.fatal = fatal;
        this.clock = clock;
    }

    @Override
    public void watch(String containerId, List<String> lines, String why) {
        synchronized (lock) {
            pending.put(containerId, new Wanted(List.copyOf(lines), why));
            lock.notifyAll();
        }
    }

    @Override
    public String name() {
        return "audit-container-watches";
    }

    @Override
    public void start(InputQueue q) {
        this.queue = q;
        thread = ChangerThread.start("audit-container-watches", this::run);
    }

    /** Removes the watches it added (journaled while the core still drains), then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        if (thread != null) {
            if (!ChangerThread.join(thread)) {
                LOG.log(Level.ERROR, "audit container-watch thread did not stop within 15 s; its rules may stay in the "
                        + "kernel: " + ContainerWatches.KEY);
            }
        } else {
            kernel.close();
        }
    }

    /** Change attempts by (action, result): action add, remove, clear_stale; result ok, absent, failed. */
    public Map<List<String>, Long> changes() {
        Map<List<String>, Long> out = new HashMap<>();
        changes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Watch rules of this agent in the kernel now. */
    public int rulesInKernel() {
        return inKernel;
    }

    public boolean dead() {
        return dead;
    }

    private void run() {
        try {
            clearStale();
            Map<String, Wanted> failed = new LinkedHashMap<>();
            while (true) {
                Map<String, Wanted> work;
                synchronized (lock) {
                    while (!closing && pending.isEmpty()) {
                        lock.wait(failed.isEmpty() ? 0 : RETRY_MS);
                        if (!failed.isEmpty()) {
                            break;
                        }
                    }
                    if (closing) {
                        break;
                    }
                    work = new LinkedHashMap<>(failed);
                    work.putAll(pending);
                    pending.clear();
                    failed.clear();
                }
                for (Map.Entry<String, Wanted> w : work.entrySet()) {
                    if (!apply(w.getKey(), w.getValue())) {
                        failed.put(w.getKey(), w.getValue());
                    }
                }
            }
            for (String id : new ArrayList<>(added.keySet())) {
                apply(id, new Wanted(List.of(), "the agent is stopping"));
            }
        } catch (Throwable t) {
            dead = true;
            LOG.log(Level.ERROR, "audit container-watch thread died; the agent stops rather than run with coverage "
                    + "that no longer follows the containers", t);
            fatal.accept("audit container-watch thread died: " + t);
        } finally {
            kernel.close();
        }
    }

    /** Makes the kernel hold exactly the wanted watches of one container; false when a change failed. */
    private boolean apply(String id, Wanted w) throws InterruptedException {
        Map<String, AuditRule> mine = added.computeIfAbsent(id, k -> new LinkedHashMap<>());
        boolean ok = true;
        int before = mine.size();
        for (Map.Entry<String, AuditRule> e : new ArrayList<>(mine.entrySet())) {
            if (!w.lines().contains(e.getKey())) {
                ok &= delete(e.getKey(), e.getValue());
                mine.remove(e.getKey());
            }
        }
        int absent = 0;
        for (String line : w.lines()) {
            if (mine.containsKey(line)) {
                continue;
            }
            AuditRule r = parse(line);
            if (r == null || !isDirectory(line)) {
                absent++;
                continue;
            }
            try {
                kernel.add(r);
                mine.put(line, r);
                count("add", "ok");
            } catch (NetlinkException e) {
                if (e.errno() == EEXIST) {
                    count("add", "held");
                } else if (e.errno() == ENOENT) {
                    absent++;   // the directory went away between the look and the add (the container stopped)
                } else {
                    ok = false;
                    count("add", "failed");
                    LOG.log(Level.ERROR, "audit container watch refused by the kernel (errno " + e.errno() + "): "
                            + line + ": " + e.getMessage());
                }
            } catch (IOException e) {
                ok = false;
                count("add", "failed");
                LOG.log(Level.ERROR, "audit container watch not added: " + line + ": " + e.getMessage());
            }
        }
        if (absent > 0) {
            changes.computeIfAbsent(List.of("add", "absent"), k -> new LongAdder()).add(absent);
        }
        if (mine.isEmpty()) {
            added.remove(id);
        }
        inKernel = added.values().stream().mapToInt(Map::size).sum();
        if (mine.size() != before) {
            LOG.log(ok ? Level.INFO : Level.ERROR, "audit container watches: " + mine.size() + " for " + w.why()
                    + " (key " + ContainerWatches.KEY + ", " + inKernel + " in all)");
            journal(id, w.why(), mine.keySet());
        }
        return ok;
    }

    private boolean delete(String line, AuditRule r) {
        try {
            kernel.delete(r);
            count("remove", "ok");
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == ENOENT) {
                // the kernel drops a watch by itself when its directory goes (the container's overlay unmounted)
                count("remove", "gone");
                return true;
            }
            count("remove", "failed");
            LOG.log(Level.ERROR, "audit container watch not removed (errno " + e.errno() + "): " + line + ": "
                    + e.getMessage());
            return false;
        } catch (IOException e) {
            count("remove", "failed");
            LOG.log(Level.ERROR, "audit container watch not removed: " + line + ": " + e.getMessage());
            return false;
        }
    }

    /** Deletes watches with our key that a predecessor left. A failure here is an error, not fatal. */
    private void clearStale() throws InterruptedException {
        int removed = 0;
        try {
            for (AuditRule r : kernel.list()) {
                if (ContainerWatches.KEY.equals(r.key())) {
                    try {
                        kernel.delete(r);
                        removed++;
                    } catch (IOException e) {
                        LOG.log(Level.ERROR, "audit container watch left by an earlier agent not deleted: " + r + ": "
                                + e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            count("clear_stale", "failed");
            LOG.log(Level.ERROR, "audit container watches: cannot list the kernel's rules to clear what an earlier "
                    + "agent left: " + e.getMessage());
            return;
        }
        if (removed > 0) {
            count("clear_stale", "ok");
            LOG.log(Level.WARNING, "audit container watches: removed " + removed + " left in the kernel by an earlier "
                    + "agent that did not stop cleanly");
            journal("", "removed " + removed + " watches left by an earlier agent", List.of());
        }
    }

    private static AuditRule parse(String line) {
        try {
            return AuditRuleParser.parse(line);
        } catch (AuditRuleSyntaxException e) {
            LOG.log(Level.ERROR, "audit container watch does not parse (" + e.reason() + "): " + line);
            return null;
        }
    }

    /** The watched directory exists as a directory, not a symlink (merged-usr images link /bin to usr/bin). */
    private static boolean isDirectory(String line) {
        int at = line.indexOf(" -F dir=");
        if (at < 0) {
            return false;
        }
        int end = line.indexOf(' ', at + 8);
        return Files.isDirectory(Path.of(line.substring(at + 8, end < 0 ? line.length() : end)), LinkOption.NOFOLLOW_LINKS);
    }

    private void journal(String id, String why, java.util.Collection<String> lines) throws InterruptedException {
        StringBuilder sb = new StringBuilder(id).append('\n').append(why.replace('\n', ' ')).append('\n');
        lines.forEach(l -> sb.append(l).append('\n'));
        InputQueue q = queue;
        if (q != null) {
            q.put(new HostInput.ConfigChange(clock.getAsLong(), PipelineCore.AUDIT_WATCH, sb.toString()));
        }
    }

    private void count(String action, String result) {
        changes.computeIfAbsent(List.of(action, result), k -> new LongAdder()).increment();
    }
}
