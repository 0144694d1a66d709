package io.keelwatch.agent.coverage;

import io.keelwatch.agent.pipeline.InputQueue;
import io.keelwatch.agent.pipeline.InputSource;
import io.keelwatch.agent.pipeline.PipelineCore;
import io.keelwatch.audit.source.AuditRule;
import io.keelwatch.audit.source.NetlinkException;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one thread that changes the kernel's tier-2 audit rules, so no kernel call ever stalls the pipeline:
 * {@link #want} only records the wanted state (the latest wins, flapping coalesces) and wakes the thread.
 *
 * <p>It adds the rules of its {@link Tier2Rules} and removes exactly those it added: a rule someone else already
 * holds ({@code EEXIST}) is left to them, and nothing without the tier-2 key is ever deleted. At start it
 * deletes the rules with that key a predecessor left (a crash, a kill -9), saying so in the log; while loaded it
 * checks every {@code verifyEveryMs} that its rules are still there (an {@code auditctl -D} or an auditd reload
 * deletes them) and adds back what is gone; at {@link #close} it removes its rules. A failed change is logged as
 * an error, counted, and retried with a growing delay. Every change is journaled as a {@link
 * HostInput.ConfigChange} of kind {@link PipelineCore#AUDIT_TIER2}, so a replay knows what the kernel recorded.
 *
 * <p>Changes are logged at WARNING, the default level: what the kernel records is the operator's business.
 *
 * <p>If the thread dies of anything unexpected, {@code fatal} is told: an agent whose coverage has silently
 * stopped following the containers must not keep running as if it were whole.
 */
public final class RuleChanger implements InputSource, RiskTracker.Want {
    private static final Logger LOG = System.getLogger(RuleChanger.class.getName());
    private static final int EEXIST = 17;
    private static final int ENOENT = 2;
    private static final long FIRST_RETRY_MS = 1000;
    private static final long MAX_RETRY_MS = 60_000;

    private final Tier2Rules rules;
    private final RuleKernel kernel;
    private final Consumer<String> fatal;
    private final long verifyEveryMs;
    private final LongSupplier clock;

    private final Object lock = new Object();
    private boolean desired;
    private String why = "";
    /** Wall time until which an {@link #prearm} keeps tier 2 wanted whatever the books say, and why. */
    private long armedUntil;
    private String armedWhy = "";
    private boolean closing;

    // owned by the thread
    private final List<AuditRule> added = new ArrayList<>();
    /** Our rules someone else had loaded already (EEXIST): present, not ours to remove. */
    private final Set<AuditRule> held = new HashSet<>();
    private InputQueue queue;

    private final Map<List<String>, LongAdder> changes = new ConcurrentHashMap<>();
    private volatile int inKernel;
    private volatile boolean dead;
    private Thread thread;

    /**
     * @param verifyEveryMs how often loaded rules are checked for removal by someone else (0: never)
     * @param clock         wall time for the journaled changes
     */
    public RuleChanger(Tier2Rules rules, RuleKernel kernel, Consumer<String> fatal, long verifyEveryMs,
                       LongSupplier clock) {
        this.rules = rules;
        this.kernel = kernel;
        this.fatal = fatal;
        this.verifyEveryMs = verifyEveryMs;
        this.clock = clock;
    }

    @Override
    public void tier2(boolean loaded, String reason) {
        synchronized (lock) {
            desired = loaded;
            why = reason;
            lock.notifyAll();
        }
    }

    /**
     * Wants tier 2 now, ahead of the books ({@link EarlyRisk}: the container's create event, before the pipeline
     * has reached it), for {@link #ARM_HOLD_MS}; the books' own answer takes over when they catch up, and an arming
     * they never confirm lapses then.
     */
    public void prearm(String reason) {
        synchronized (lock) {
            armedUntil = System.currentTimeMillis() + ARM_HOLD_MS;
            armedWhy = reason;
            lock.notifyAll();
        }
    }

    /**
     * How long an arming holds without the books: several times what the pipeline takes to reach an event under
     * load, and short, because a container that stops in the meantime keeps tier 2 loaded until the arming lapses.
     */
    static final long ARM_HOLD_MS = 5_000;

    @Override
    public String name() {
        return "audit-tier2";
    }

    @Override
    public void start(InputQueue q) {
        this.queue = q;
        thread = ChangerThread.start("audit-tier2", this::run);
    }

    /** Removes the rules it added (journaled while the core still drains), then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        if (thread != null) {
            if (!ChangerThread.join(thread)) {
                LOG.log(Level.ERROR, "audit tier-2 thread did not stop within 15 s; its rules may stay in the kernel: "
                        + rules.key());
            } else if (dead && !added.isEmpty()) {
                // the thread is gone (join: its books are ours to read now); take our rules out on the way down
                try {
                    remove("the agent is stopping after the tier-2 thread died");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "audit tier-2 rules not removed at stop: " + e);
                } finally {
                    kernel.close();
                }
            }
        } else {
            kernel.close();
        }
    }

    /** Change attempts by (action, result): action load, remove, restore, clear_stale; result ok, failed. */
    public Map<List<String>, Long> changes() {
        Map<List<String>, Long> out = new java.util.HashMap<>();
        changes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** How many of the tier-2 rules are in the kernel now (added by this agent or held by someone else). */
    public int rulesInKernel() {
        return inKernel;
    }

    /** Whether all the tier-2 rules are in the kernel. */
    public boolean loaded() {
        return inKernel == rules.rules().size();
    }

    /** Whether the thread died of something unexpected (the agent is told through {@code fatal} as well). */
    public boolean dead() {
        return dead;
    }

    private void run() {
        try {
            clearStale();
            long retryAt = 0;
            long backoff = FIRST_RETRY_MS;
            long nextVerify = Long.MAX_VALUE;
            while (true) {
                boolean want;
                String reason;
                boolean verify = false;
                synchronized (lock) {
                    while (true) {
                        if (closing) {
                            break;
                        }
                        long now = System.currentTimeMillis();
                        boolean armed = now < armedUntil;
                        boolean wanted = desired || armed;
                        boolean complete = added.size() + held.size() == rules.rules().size();
                        boolean need = wanted ? !complete : !added.isEmpty() || !held.isEmpty();
                        if (need && now >= retryAt) {
                            break;
                        }
                        if (!need && wanted && now >= nextVerify) {
                            verify = true;
                            break;
                        }
                        long until = need ? retryAt : wanted ? nextVerify : Long.MAX_VALUE;
                        if (armed && !desired) {
                            until = Math.min(until, armedUntil);   // wake when the arming lapses
                        }
                        lock.wait(until == Long.MAX_VALUE ? 0 : Math.max(1, until - now));
                    }
                    if (closing) {
                        break;
                    }
                    boolean armed = System.currentTimeMillis() < armedUntil;
                    want = desired || armed;
                    reason = desired ? why : armed ? armedWhy
                            : why.isEmpty() ? "an early arming the container books never confirmed lapsed (" + armedWhy + ")" : why;
                }
                boolean ok;
                if (verify) {
                    ok = verify();
                } else if (want) {
                    ok = load("load", reason);
                } else {
                    ok = remove(reason);
                }
                long now = System.currentTimeMillis();
                if (ok) {
                    backoff = FIRST_RETRY_MS;
                    retryAt = 0;
                } else {
                    retryAt = now + backoff;
                    LOG.log(Level.ERROR, "audit tier-2 rules: retrying in " + backoff + " ms");
                    backoff = Math.min(MAX_RETRY_MS, backoff * 2);
                }
                nextVerify = verifyEveryMs > 0 ? now + verifyEveryMs : Long.MAX_VALUE;
            }
            if (!added.isEmpty() || !held.isEmpty()) {
                remove("the agent is stopping");
            }
        } catch (Throwable t) {
            dead = true;
            LOG.log(Level.ERROR, "audit tier-2 thread died; the agent stops rather than run with coverage that no "
                    + "longer follows the containers", t);
            fatal.accept("audit tier-2 thread died: " + t);
        } finally {
            kernel.close();
        }
    }

    /** Deletes tier-2 rules (our key) that a predecessor left behind. A failure here is an error, not fatal. */
    private void clearStale() throws InterruptedException {
        List<AuditRule> stale = new ArrayList<>();
        try {
            for (AuditRule r : kernel.list()) {
                if (rules.key().equals(r.key())) {
                    stale.add(r);
                }
            }
        } catch (IOException e) {
            count("clear_stale", "failed");
            LOG.log(Level.ERROR, "audit tier-2 rules: cannot list the kernel's rules to clear what an earlier agent "
                    + "left (key " + rules.key() + "): " + e.getMessage());
            return;
        }
        if (stale.isEmpty()) {
            return;
        }
        int removed = 0;
        boolean failed = false;
        for (AuditRule r : stale) {
            try {
                kernel.delete(r);
                removed++;
            } catch (IOException e) {
                failed = true;
                LOG.log(Level.ERROR, "audit tier-2 rules: cannot delete a rule an earlier agent left: " + r + ": "
                        + e.getMessage());
            }
        }
        count("clear_stale", failed ? "failed" : "ok");
        LOG.log(Level.WARNING, "audit tier-2 rules: removed " + removed + " of " + stale.size() + " rules with key "
                + rules.key() + " left in the kernel by an earlier agent that did not stop cleanly");
        journal("cleared", "removed " + removed + " rules with key " + rules.key() + " left by an earlier agent");
    }

    private boolean load(String action, String reason) throws InterruptedException {
        int before = added.size() + held.size();
        boolean failed = false;
        for (AuditRule r : rules.rules()) {
            if (added.contains(r) || held.contains(r)) {
                continue;
            }
            try {
                kernel.add(r);
                added.add(r);
            } catch (NetlinkException e) {
                if (e.errno() == EEXIST) {
                    held.add(r);
                    LOG.log(Level.WARNING, "audit tier-2 rule already in the kernel, loaded by someone else; it stays "
                            + "theirs and is not removed: " + rules.lineOf(r));
                } else {
                    failed = true;
                    LOG.log(Level.ERROR, "audit tier-2 rule refused by the kernel (errno " + e.errno() + "): "
                            + rules.lineOf(r) + ": " + e.getMessage());
                }
            } catch (IOException e) {
                failed = true;
                LOG.log(Level.ERROR, "audit tier-2 rule not added: " + rules.lineOf(r) + ": " + e.getMessage());
            }
        }
        inKernel = added.size() + held.size();
        count(action, failed ? "failed" : "ok");
        if (inKernel != before) {
            String state = inKernel == rules.rules().size() ? "loaded" : "partial";
            LOG.log(failed ? Level.ERROR : Level.WARNING, "audit tier-2 rules " + state + " (" + inKernel + " of "
                    + rules.rules().size() + ", key " + rules.key() + "): " + reason);
            journal(state, reason);
        }
        return !failed;
    }

    private boolean remove(String reason) throws InterruptedException {
        int before = added.size() + held.size();
        boolean failed = false;
        for (int i = added.size() - 1; i >= 0; i--) {
            AuditRule r = added.get(i);
            try {
                kernel.delete(r);
                added.remove(i);
            } catch (NetlinkException e) {
                if (e.errno() == ENOENT) {
                    added.remove(i);
                    LOG.log(Level.WARNING, "audit tier-2 rule was already gone (deleted by someone else): "
                            + rules.lineOf(r));
                } else {
                    failed = true;
                    LOG.log(Level.ERROR, "audit tier-2 rule not removed (errno " + e.errno() + "): " + rules.lineOf(r)
                            + ": " + e.getMessage());
                }
            } catch (IOException e) {
                failed = true;
                LOG.log(Level.ERROR, "audit tier-2 rule not removed: " + rules.lineOf(r) + ": " + e.getMessage());
            }
        }
        held.clear();   // theirs: they stay, but we no longer count on them
        inKernel = added.size();
        count("remove", failed ? "failed" : "ok");
        if (inKernel != before) {
            LOG.log(failed ? Level.ERROR : Level.WARNING, "audit tier-2 rules " + (inKernel == 0 ? "removed" : "partial")
                    + " (" + inKernel + " of ours left, key " + rules.key() + "): " + reason);
            journal(inKernel == 0 ? "removed" : "partial", reason);
        }
        return !failed;
    }

    /** Adds back rules of ours that someone deleted behind our back. */
    private boolean verify() throws InterruptedException {
        List<AuditRule> now;
        try {
            now = kernel.list();
        } catch (IOException e) {
            count("restore", "failed");
            LOG.log(Level.ERROR, "audit tier-2 rules: cannot list the kernel's rules to check ours: " + e.getMessage());
            return false;
        }
        List<AuditRule> gone = new ArrayList<>();
        for (AuditRule r : added) {
            if (!now.contains(r)) {
                gone.add(r);
            }
        }
        for (AuditRule r : held) {
            if (!now.contains(r)) {
                gone.add(r);
            }
        }
        if (gone.isEmpty()) {
            return true;
        }
        added.removeAll(gone);
        held.removeAll(gone);
        inKernel = added.size() + held.size();
        LOG.log(Level.WARNING, "audit tier-2 rules: " + gone.size() + " deleted by someone else (auditctl -D, an "
                + "auditd rules reload?); adding them back");
        return load("restore", "restored after " + gone.size() + " were deleted by someone else");
    }

    private void journal(String state, String reason) throws InterruptedException {
        StringBuilder sb = new StringBuilder(state).append('\n').append(reason.replace('\n', ' ')).append('\n');
        for (AuditRule r : rules.rules()) {
            if (added.contains(r) || held.contains(r)) {
                sb.append(rules.lineOf(r)).append('\n');
            }
        }
        InputQueue q = queue;
        if (q != null) {
            q.put(new HostInput.ConfigChange(clock.getAsLong(), PipelineCore.AUDIT_TIER2, sb.toString()));
        }
    }

    private void count(String action, String result) {
        changes.computeIfAbsent(List.of(action, result), k -> new LongAdder()).increment();
    }
}
