package io.keelwatch.audit.source;

import io.keelwatch.audit.AuditLineParser;
import io.keelwatch.audit.Received;
import io.keelwatch.input.HostInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads audit records from the kernel's netlink socket.
 *
 * <ul>
 *   <li><b>Multicast</b> ({@link #multicast}): read-only, beside auditd or another daemon; needs
 *       CAP_AUDIT_READ and the host network namespace. Changes nothing in the kernel.</li>
 *   <li><b>Unicast</b> ({@link #unicast}): when no audit daemon runs, this process becomes it. Setup, in
 *       order: a {@code never} rule for the own pid at the head of the exit list (the agent must not audit
 *       itself), registration as the audit pid, {@code backlog_limit} raised and {@code backlog_wait_time}
 *       0 (the kernel drops and counts instead of stalling audited tasks), audit enabled, rules loaded.
 *       {@link #close} undoes it in reverse: own rules deleted, previous backlog settings and enabled
 *       state restored, pid unregistered. Fails with {@link NetlinkException} {@code EEXIST} when
 *       another process holds the audit pid.</li>
 * </ul>
 * Kernel events have sequence 0; anything else on the socket (late control replies) is skipped.
 * Not thread-safe: one owner thread; stats may be read from anywhere.
 */
public final class NetlinkAuditSource implements AuditSource {
    /** Receive buffer asked for (forced past rmem_max when CAP_NET_ADMIN allows). */
    public static final int RECEIVE_BUFFER = 8 << 20;

    /** Unicast settings: the backlog to set and the rules to load (the own-pid exclusion is added). */
    public record UnicastSettings(long backlogLimit, long backlogWaitTime, List<AuditRule> rules) {
        public UnicastSettings {
            rules = List.copyOf(rules);
        }

        public static UnicastSettings defaults(List<AuditRule> rules) {
            return new UnicastSettings(8192, 0, rules);
        }
    }

    private final NetlinkAuditSocket socket;
    private final AuditSourceStats stats;
    private final boolean unicast;
    private AuditControl control;
    private AuditStatus previous;
    private final List<AuditRule> added = new ArrayList<>();
    /** Parses each message once, on the thread that owns this source. */
    private final AuditLineParser parser = new AuditLineParser();
    private boolean pidSet;
    private boolean enabledChanged;
    private boolean backlogChanged;
    private boolean waitChanged;
    private boolean closed;

    private NetlinkAuditSource(NetlinkAuditSocket socket, AuditSourceStats stats, boolean unicast) {
        this.socket = socket;
        this.stats = stats;
        this.unicast = unicast;
    }

    /** Joins the audit multicast group. */
    public static NetlinkAuditSource multicast(AuditSourceStats stats) throws IOException {
        return multicast(stats, RECEIVE_BUFFER);
    }

    /** Joins the audit multicast group with a receive buffer of {@code receiveBufferBytes}. */
    public static NetlinkAuditSource multicast(AuditSourceStats stats, int receiveBufferBytes) throws IOException {
        NetlinkAuditSocket s = NetlinkAuditSocket.open(NetlinkAuditSocket.GROUP_READLOG, receiveBufferBytes, stats);
        return new NetlinkAuditSource(s, stats, false);
    }

    /** Becomes the audit daemon; see the class comment for what it changes and restores. */
    public static NetlinkAuditSource unicast(UnicastSettings settings, AuditSourceStats stats) throws IOException {
        NetlinkAuditSocket s = NetlinkAuditSocket.open(0, RECEIVE_BUFFER, stats);
        NetlinkAuditSource src = new NetlinkAuditSource(s, stats, true);
        try {
            src.takeOver(settings);
        } catch (IOException | RuntimeException e) {
            try {
                src.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return src;
    }

    private void takeOver(UnicastSettings settings) throws IOException {
        control = AuditControl.on(socket);
        previous = control.status();
        if (previous.enabled() == 2) {
            throw new IOException("audit configuration is locked (enabled=2): cannot become the audit daemon");
        }
        int pid = (int) ProcessHandle.current().pid();
        AuditRule self = excludePid(pid);
        control.addRuleFirst(self);
        added.add(self);
        try {
            control.setPid(pid);
        } catch (NetlinkException e) {
            if (e.errno() == 17) {
                throw new NetlinkException("AUDIT_SET pid: another process (pid " + control.status().pid()
                        + ") is the audit daemon; use multicast", e.errno());
            }
            throw e;
        }
        pidSet = true;
        if (previous.backlogLimit() != settings.backlogLimit()) {
            control.setBacklogLimit(settings.backlogLimit());
            backlogChanged = true;
        }
        if (previous.backlogWaitTime() >= 0 && previous.backlogWaitTime() != settings.backlogWaitTime()) {
            control.setBacklogWaitTime(settings.backlogWaitTime());
            waitChanged = true;
        }
        if (previous.enabled() == 0) {
            control.setEnabled(1);
            enabledChanged = true;
        }
        for (AuditRule r : settings.rules()) {
            try {
                control.addRule(r);
                added.add(r);
            } catch (NetlinkException e) {
                if (e.errno() == 17) continue;   // EEXIST: someone else loaded it and keeps it
                // One rule the kernel refuses (a path whose directory is missing on this host, a field this
                // kernel lacks) must not leave the host with no rules at all: skip it, as auditctl -c does.
                stats.rulesRefused.increment();
                System.getLogger(NetlinkAuditSource.class.getName()).log(System.Logger.Level.WARNING,
                        "audit rule refused by the kernel (errno " + e.errno() + "), skipped: " + r);
            }
        }
    }

    /** {@code -a never,exit -S all -F pid=PID}: the kernel matches the thread group, so all our threads. */
    static AuditRule excludePid(int pid) {
        int[] all = new int[AuditRule.BITMASK_WORDS];
        java.util.Arrays.fill(all, -1);
        return new AuditRule(AuditRule.Filter.EXIT, AuditRule.Action.NEVER, all,
                List.of(new AuditRule.Field(RuleFields.PID, RuleFields.OP_EQ, pid, null)));
    }

    @Override
    public Received next(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            NetlinkMessage m = socket.receive(left);
            if (m == null) return null;
            if (m.seq() != 0 || m.type() < 1000) continue;   // control replies and netlink control messages
            stats.messages.increment();
            stats.bytes.add(m.payload().length);
            return Received.parse(parser, new HostInput.AuditNetlink(System.currentTimeMillis(), m.type(), m.payload()), true);
        }
    }

    /** Whether this source is the registered audit daemon. */
    public boolean isUnicast() {
        return unicast;
    }

    /** The kernel status before a unicast source changed it; {@code null} for multicast. */
    public AuditStatus previousStatus() {
        return previous;
    }

    @Override
    public AuditSourceStats stats() {
        return stats;
    }

    @Override
    public String describe() {
        return unicast ? "netlink-unicast" : "netlink-multicast";
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        IOException failure = null;
        if (control != null) {
            for (int i = added.size() - 1; i >= 0; i--) {
                AuditRule r = added.get(i);
                failure = attempt(failure, () -> control.deleteRule(r));
            }
            if (backlogChanged) failure = attempt(failure, () -> control.setBacklogLimit(previous.backlogLimit()));
            if (waitChanged) failure = attempt(failure, () -> control.setBacklogWaitTime(previous.backlogWaitTime()));
            if (enabledChanged) failure = attempt(failure, () -> control.setEnabled(previous.enabled()));
            if (pidSet) failure = attempt(failure, () -> control.setPid(0));
        }
        socket.close();
        if (failure != null) throw failure;
    }

    private interface Step {
        void run() throws IOException;
    }

    private static IOException attempt(IOException failure, Step step) {
        try {
            step.run();
            return failure;
        } catch (IOException e) {
            if (failure == null) return e;
            failure.addSuppressed(e);
            return failure;
        }
    }
}
