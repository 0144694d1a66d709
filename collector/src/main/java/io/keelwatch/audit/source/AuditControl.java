package io.keelwatch.audit.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests to the kernel audit subsystem over netlink: status ({@code AUDIT_GET}), settings
 * ({@code AUDIT_SET}) and rules ({@code AUDIT_ADD_RULE}, {@code AUDIT_DEL_RULE}, {@code AUDIT_LIST_RULES}).
 * Needs CAP_AUDIT_CONTROL in the initial user and pid namespaces.
 *
 * <p>Works on its own socket or on the socket of a unicast source (the kernel registers the socket that
 * sends {@code AUDIT_SET pid} as the audit daemon's, so the unicast source must use its own socket for
 * that); audit events that arrive while waiting for a reply are put back for the source to read.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class AuditControl implements Closeable {
    static final int AUDIT_GET = 1000;
    static final int AUDIT_SET = 1001;
    static final int AUDIT_ADD_RULE = 1011;
    static final int AUDIT_DEL_RULE = 1012;
    static final int AUDIT_LIST_RULES = 1013;
    private static final long REPLY_TIMEOUT_MS = 5000;

    private final NetlinkAuditSocket socket;
    private final boolean ownsSocket;
    private int seq;

    private AuditControl(NetlinkAuditSocket socket, boolean ownsSocket) {
        this.socket = socket;
        this.ownsSocket = ownsSocket;
    }

    /** A control connection on a socket of its own. */
    public static AuditControl open() throws IOException {
        return new AuditControl(NetlinkAuditSocket.open(0, 0, new AuditSourceStats()), true);
    }

    /** A control connection on {@code socket}, which stays open when this closes. */
    public static AuditControl on(NetlinkAuditSocket socket) {
        return new AuditControl(socket, false);
    }

    /** {@code AUDIT_GET}. */
    public AuditStatus status() throws IOException {
        List<NetlinkMessage> replies = request(AUDIT_GET, new byte[0], "AUDIT_GET", AUDIT_GET);
        for (NetlinkMessage m : replies) {
            AuditStatus s = AuditStatus.decode(m.payload());
            if (s != null) return s;
        }
        throw new IOException("AUDIT_GET: no status in the kernel's reply");
    }

    /** {@code AUDIT_SET enabled}: 0 off, 1 on (2 locks the configuration until reboot). */
    public void setEnabled(int enabled) throws IOException {
        set(AuditStatus.MASK_ENABLED, enabled, 0, 0, 0, 0, "enabled=" + enabled);
    }

    /** {@code AUDIT_SET pid}: registers this socket's process as the audit daemon (0 unregisters). */
    public void setPid(int pid) throws IOException {
        set(AuditStatus.MASK_PID, 0, pid, 0, 0, 0, "pid=" + pid);
    }

    public void setBacklogLimit(long limit) throws IOException {
        set(AuditStatus.MASK_BACKLOG_LIMIT, 0, 0, 0, limit, 0, "backlog_limit=" + limit);
    }

    /** In jiffies; 0 makes the kernel drop (and count) instead of making audited tasks wait. */
    public void setBacklogWaitTime(long jiffies) throws IOException {
        set(AuditStatus.MASK_BACKLOG_WAIT_TIME, 0, 0, 0, 0, jiffies, "backlog_wait_time=" + jiffies);
    }

    public void setRateLimit(long perSecond) throws IOException {
        set(AuditStatus.MASK_RATE_LIMIT, 0, 0, perSecond, 0, 0, "rate_limit=" + perSecond);
    }

    private void set(int mask, int enabled, int pid, long rate, long backlog, long wait, String what)
            throws IOException {
        byte[] p = AuditStatus.encodeSet(mask, enabled, 0, pid, rate, backlog, wait);
        request(AUDIT_SET, p, "AUDIT_SET " + what, -1);
    }

    /** {@code AUDIT_ADD_RULE}; a duplicate rule fails with {@code EEXIST}. */
    public void addRule(AuditRule rule) throws IOException {
        request(AUDIT_ADD_RULE, rule.encode(), "AUDIT_ADD_RULE " + rule, -1);
    }

    /** {@code AUDIT_ADD_RULE} at the head of the rule's list (auditctl {@code -A}): evaluated before the others. */
    public void addRuleFirst(AuditRule rule) throws IOException {
        request(AUDIT_ADD_RULE, rule.encodePrepend(), "AUDIT_ADD_RULE (first) " + rule, -1);
    }

    /** {@code AUDIT_DEL_RULE}; a rule that is not loaded fails with {@code ENOENT}. */
    public void deleteRule(AuditRule rule) throws IOException {
        request(AUDIT_DEL_RULE, rule.encode(), "AUDIT_DEL_RULE " + rule, -1);
    }

    /** {@code AUDIT_LIST_RULES}: the loaded rules in kernel order. */
    public List<AuditRule> listRules() throws IOException {
        List<AuditRule> rules = new ArrayList<>();
        for (NetlinkMessage m : request(AUDIT_LIST_RULES, new byte[0], "AUDIT_LIST_RULES", AUDIT_LIST_RULES)) {
            if (m.type() == AUDIT_LIST_RULES) rules.add(AuditRule.decode(m.payload()));
        }
        return rules;
    }

    /**
     * Sends a request with an acknowledgement asked for, and collects replies of {@code replyType} until
     * the acknowledgement (and, for multipart replies, {@code NLMSG_DONE}) arrived.
     */
    private List<NetlinkMessage> request(int type, byte[] payload, String what, int replyType) throws IOException {
        int s = nextSeq();
        socket.send(type, NetlinkAuditSocket.NLM_F_REQUEST | NetlinkAuditSocket.NLM_F_ACK, s, payload);
        List<NetlinkMessage> replies = new ArrayList<>();
        List<NetlinkMessage> events = new ArrayList<>();
        boolean acked = false;
        boolean done = replyType != AUDIT_LIST_RULES;
        boolean gotReply = replyType < 0;
        long deadline = System.nanoTime() + REPLY_TIMEOUT_MS * 1_000_000L;
        try {
            while (!(acked && done && gotReply)) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                NetlinkMessage m = left > 0 ? socket.receive(left) : null;
                if (m == null) throw new IOException(what + ": no reply from the kernel within " + REPLY_TIMEOUT_MS + " ms");
                if (m.seq() == 0 && m.type() != NetlinkMessage.NLMSG_ERROR) {
                    events.add(m);
                } else if (m.seq() != s) {
                    continue;   // a late reply to an earlier request
                } else if (m.type() == NetlinkMessage.NLMSG_ERROR) {
                    if (m.errno() != 0) throw new NetlinkException(what, m.errno());
                    acked = true;
                } else if (m.type() == NetlinkMessage.NLMSG_DONE) {
                    done = true;
                    gotReply = true;
                } else if (m.type() == replyType) {
                    replies.add(m);
                    gotReply |= replyType != AUDIT_LIST_RULES;
                }
            }
        } finally {
            for (NetlinkMessage e : events) socket.requeue(e);
        }
        return replies;
    }

    private int nextSeq() {
        seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
        return seq;
    }

    @Override
    public void close() {
        if (ownsSocket) socket.close();
    }
}
