package io.keelwatch.audit.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * A {@code NETLINK_AUDIT} socket: {@code socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_AUDIT)},
 * bound to the audit multicast group or not.
 *
 * <p>Receiving follows the kernel's quirks: the buffer is 64 KiB and {@code MSG_TRUNC} reports
 * oversized datagrams (counted and dropped); the sender must be the kernel (port id 0, else counted
 * and dropped); an event's length is the datagram's, since unicast {@code nlmsg_len} is wrong;
 * {@code ENOBUFS} (the kernel dropped messages for us) is counted and reading goes on.
 *
 * <p>Not thread-safe: one owner thread.
 */
public final class NetlinkAuditSocket implements Closeable {
    public static final int NETLINK_AUDIT = 9;
    /** {@code AUDIT_NLGRP_READLOG}: the read-only multicast group (needs CAP_AUDIT_READ). */
    public static final int GROUP_READLOG = 1;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_ACK = 0x4;
    private static final int HDR = 16;
    private static final int BUFFER = 64 * 1024;
    private static final int SOCKADDR_NL = 12;

    private final int fd;
    private final int groups;
    private final AuditSourceStats stats;
    private final Memory buf = new Memory(BUFFER);
    private final Memory addr = new Memory(SOCKADDR_NL);
    private final Memory addrLen = new Memory(4);
    private final Memory pollFd = new Memory(8);
    private final ArrayDeque<NetlinkMessage> queued = new ArrayDeque<>();
    private Memory sendBuf = new Memory(4096);
    private boolean closed;

    private NetlinkAuditSocket(int fd, int groups, AuditSourceStats stats) {
        this.fd = fd;
        this.groups = groups;
        this.stats = stats;
    }

    /**
     * Opens and binds a socket.
     *
     * @param groups          0 for a unicast/control socket, {@link #GROUP_READLOG} for multicast
     * @param receiveBufferBytes requested {@code SO_RCVBUF} (forced past {@code rmem_max} when allowed),
     *                        or 0 to keep the default
     */
    public static NetlinkAuditSocket open(int groups, int receiveBufferBytes, AuditSourceStats stats) throws IOException {
        int fd;
        try {
            fd = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_AUDIT);
        } catch (LastErrorException e) {
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_AUDIT)", e.getErrorCode());
        }
        NetlinkAuditSocket s = new NetlinkAuditSocket(fd, groups, stats);
        try {
            if (receiveBufferBytes > 0) s.setReceiveBuffer(receiveBufferBytes);
            Memory a = new Memory(SOCKADDR_NL);
            a.clear();
            a.setShort(0, (short) Libc.AF_NETLINK);
            a.setInt(8, groups);
            try {
                Libc.bind(fd, a, SOCKADDR_NL);
            } catch (LastErrorException e) {
                throw new NetlinkException(groups != 0
                        ? "bind(audit multicast group " + groups + ") — needs CAP_AUDIT_READ in the initial namespaces"
                        : "bind(audit netlink)", e.getErrorCode());
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void setReceiveBuffer(int bytes) {
        Memory v = new Memory(4);
        v.setInt(0, bytes);
        try {
            Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, v, 4);
        } catch (LastErrorException e) {
            try {
                Libc.setsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, v, 4);
            } catch (LastErrorException e2) {
                stats.readErrors.increment();
            }
        }
    }

    /** The effective {@code SO_RCVBUF} (the kernel doubles the requested value). */
    public int receiveBuffer() throws IOException {
        Memory v = new Memory(4);
        Memory len = new Memory(4);
        len.setInt(0, 4);
        try {
            Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, v, len);
        } catch (LastErrorException e) {
            throw new NetlinkException("getsockopt(SO_RCVBUF)", e.getErrorCode());
        }
        return v.getInt(0);
    }

    /** The socket's netlink port id, assigned by the kernel at bind. */
    public int portId() throws IOException {
        Memory a = new Memory(SOCKADDR_NL);
        Memory len = new Memory(4);
        len.setInt(0, SOCKADDR_NL);
        try {
            Libc.getsockname(fd, a, len);
        } catch (LastErrorException e) {
            throw new NetlinkException("getsockname", e.getErrorCode());
        }
        return a.getInt(4);
    }

    public int groups() {
        return groups;
    }

    /** Sends one request message to the kernel. */
    public void send(int type, int flags, int seq, byte[] payload) throws IOException {
        int len = HDR + payload.length;
        if (sendBuf.size() < len) sendBuf = new Memory(len);
        sendBuf.setInt(0, len);
        sendBuf.setShort(4, (short) type);
        sendBuf.setShort(6, (short) flags);
        sendBuf.setInt(8, seq);
        sendBuf.setInt(12, 0);
        sendBuf.write(HDR, payload, 0, payload.length);
        Memory to = new Memory(SOCKADDR_NL);
        to.clear();
        to.setShort(0, (short) Libc.AF_NETLINK);
        while (true) {
            try {
                Libc.sendto(fd, sendBuf, len, 0, to, SOCKADDR_NL);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) throw new NetlinkException("sendto(audit type " + type + ")", e.getErrorCode());
            }
        }
    }

    /**
     * The next message, waiting up to {@code timeoutMs} (0: do not wait).
     *
     * @return the message, or {@code null} when none came in time
     */
    public NetlinkMessage receive(long timeoutMs) throws IOException {
        NetlinkMessage q = queued.poll();
        if (q != null) return q;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            if (closed) throw new IOException("netlink socket closed");
            long n = recvOnce();
            if (n >= 0) {
                NetlinkMessage m = decode((int) n);
                if (m != null) return m;
                continue;
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) return null;
            waitReadable((int) Math.min(leftMs, Integer.MAX_VALUE));
        }
    }

    /** Puts a message back for the next {@link #receive} (events met while waiting for a reply). */
    void requeue(NetlinkMessage m) {
        queued.add(m);
    }

    /** One non-blocking recvfrom: the datagram length, or -1 when nothing is there. */
    private long recvOnce() throws IOException {
        addrLen.setInt(0, SOCKADDR_NL);
        long n = Libc.Quiet.recvfrom(fd, buf, BUFFER, Libc.MSG_TRUNC | Libc.MSG_DONTWAIT, addr, addrLen);
        if (n < 0) {
            int err = Native.getLastError();
            if (err == Libc.EAGAIN || err == Libc.EINTR) return -1;
            if (err == Libc.ENOBUFS) {
                stats.enobufs.increment();
                return recvOnce();
            }
            stats.readErrors.increment();
            throw new NetlinkException("recvfrom(audit netlink)", err);
        }
        if (n > BUFFER) {
            stats.truncatedMessages.increment();
            return recvOnce();
        }
        if (addr.getInt(4) != 0) {
            stats.foreignSenders.increment();
            return recvOnce();
        }
        return n;
    }

    private void waitReadable(int timeoutMs) throws IOException {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, Libc.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            Libc.poll(pollFd, 1, timeoutMs);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EINTR) throw new NetlinkException("poll(audit netlink)", e.getErrorCode());
        }
    }

    /**
     * Splits a datagram. A kernel event (sequence 0) is one message per datagram whose payload runs to
     * the datagram's end, trailing NULs cut; replies may pack several messages, walked by nlmsg_len.
     */
    private NetlinkMessage decode(int n) {
        if (n < HDR) {
            stats.readErrors.increment();
            return null;
        }
        int type = buf.getShort(4) & 0xffff;
        int seq = buf.getInt(8);
        if (seq == 0 && type != NetlinkMessage.NLMSG_ERROR && type != NetlinkMessage.NLMSG_DONE) {
            int end = n;
            while (end > HDR && buf.getByte(end - 1) == 0) end--;
            return new NetlinkMessage(type, buf.getShort(6) & 0xffff, 0, buf.getByteArray(HDR, end - HDR));
        }
        NetlinkMessage first = null;
        int off = 0;
        while (off + HDR <= n) {
            int len = buf.getInt(off);
            if (len < HDR || off + len > n) len = n - off;
            NetlinkMessage m = new NetlinkMessage(buf.getShort(off + 4) & 0xffff, buf.getShort(off + 6) & 0xffff,
                    buf.getInt(off + 8), buf.getByteArray(off + HDR, len - HDR));
            if (first == null) first = m; else queued.add(m);
            off += (len + 3) & ~3;
        }
        return first;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            Libc.close(fd);
        } catch (LastErrorException ignored) {
            // Nothing to do about a failed close of a socket we no longer use.
        }
    }
}
