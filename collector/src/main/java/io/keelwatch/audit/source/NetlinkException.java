package io.keelwatch.audit.source;

import java.io.IOException;

/** A failed netlink operation, with the errno the kernel returned. */
public final class NetlinkException extends IOException {
    private final int errno;

    public NetlinkException(String operation, int errno) {
        super(operation + ": " + Libc.errnoName(errno));
        this.errno = errno;
    }

    /** The positive errno value ({@code EEXIST} = 17, ...). */
    public int errno() {
        return errno;
    }
}
