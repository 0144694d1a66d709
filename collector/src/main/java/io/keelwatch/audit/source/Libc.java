package io.keelwatch.audit.source;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc socket calls the netlink source needs, bound by JNA direct mapping (JDK 17 has no
 * AF_NETLINK). {@code size_t}/{@code ssize_t} are mapped to {@code long}: 64-bit Linux only.
 */
final class Libc {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 1;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private Libc() { }

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer addr, int addrlen) throws LastErrorException;

    static native int getsockname(int fd, Pointer addr, Pointer addrlen) throws LastErrorException;

    static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrlen)
            throws LastErrorException;

    static native long recvfrom(int fd, Pointer buf, long len, int flags, Pointer addr, Pointer addrlen)
            throws LastErrorException;

    static native int setsockopt(int fd, int level, int name, Pointer value, int len) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, Pointer value, Pointer len) throws LastErrorException;

    static native int poll(Pointer fds, long nfds, int timeoutMs) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /**
     * Calls whose failure is routine, bound without {@link LastErrorException}: they return -1 and leave errno in
     * {@link Native#getLastError()}. A non-blocking receive on a drained socket fails with EAGAIN once per wake-up,
     * and JNA built an exception for each (its stack trace and a strerror message): 24 us of the reader's time per
     * audit record at 1000 execs/s (bench/PROFILE.md, {@code NetlinkReceiveBench}).
     */
    static final class Quiet {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private Quiet() { }

        static native long recvfrom(int fd, Pointer buf, long len, int flags, Pointer addr, Pointer addrlen);
    }

    /** A readable name for an errno value, for messages. */
    static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 3 -> "ESRCH";
            case 4 -> "EINTR";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 17 -> "EEXIST";
            case 22 -> "EINVAL";
            case 28 -> "ENOSPC";
            case 93 -> "EPROTONOSUPPORT";
            case 95 -> "EOPNOTSUPP";
            case 97 -> "EAFNOSUPPORT";
            case 105 -> "ENOBUFS";
            case 111 -> "ECONNREFUSED";
            default -> "errno " + errno;
        };
    }
}
