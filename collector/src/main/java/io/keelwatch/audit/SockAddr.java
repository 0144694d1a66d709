package io.keelwatch.audit;

/** A decoded SOCKADDR {@code saddr}. Direction follows from the syscall (connect = destination). */
public sealed interface SockAddr {

    /** AF_INET or AF_INET6; {@code ip} in canonical text form. */
    record Inet(boolean v6, String ip, int port) implements SockAddr { }

    /** AF_UNIX; {@code path} up to the first NUL; abstract names had a leading NUL; unnamed has an empty path. */
    record Unix(String path, boolean abstractName) implements SockAddr { }

    record Netlink(long pid, long groups) implements SockAddr { }

    /** Any other family, kept as the raw hex. */
    record Other(int family, String hex) implements SockAddr { }
}
