package io.keelwatch.audit.source;

/**
 * One netlink message from the audit socket.
 *
 * @param type    {@code nlmsg_type}: an audit record type, or a control type (2 = error, 3 = done)
 * @param flags   {@code nlmsg_flags}
 * @param seq     {@code nlmsg_seq}: 0 for kernel events, the request's sequence for replies
 * @param payload the bytes after the 16-byte header; for events its length comes from the datagram,
 *                not from {@code nlmsg_len}, which the kernel sets wrongly on unicast
 */
public record NetlinkMessage(int type, int flags, int seq, byte[] payload) {
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;

    /** For an {@code NLMSG_ERROR}: the errno it carries (0 for an acknowledgement). */
    public int errno() {
        if (payload.length < 4) return 0;
        int v = (payload[0] & 0xff) | (payload[1] & 0xff) << 8 | (payload[2] & 0xff) << 16 | payload[3] << 24;
        return -v;
    }

    /** For an {@code NLMSG_ERROR}: the sequence of the request it answers. */
    public int errorSeq() {
        if (payload.length < 16) return -1;
        int o = 4 + 8;
        return (payload[o] & 0xff) | (payload[o + 1] & 0xff) << 8 | (payload[o + 2] & 0xff) << 16 | payload[o + 3] << 24;
    }
}
