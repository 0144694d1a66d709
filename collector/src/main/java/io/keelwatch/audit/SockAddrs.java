package io.keelwatch.audit;

import java.nio.charset.StandardCharsets;

/**
 * Decodes SOCKADDR {@code saddr} bytes (the caller's raw sockaddr, notes §1.7). The family is in the
 * caller's byte order, ports and IPv4/IPv6 addresses in network order. AF_UNIX paths stop at the first
 * NUL (what follows is uninitialised memory); a leading NUL marks an abstract name.
 */
final class SockAddrs {
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;

    private SockAddrs() { }

    static SockAddr decode(byte[] b, boolean littleEndian) {
        if (b.length < 2) {
            return new SockAddr.Other(-1, hex(b));
        }
        int family = littleEndian ? (b[0] & 0xff) | (b[1] & 0xff) << 8 : (b[0] & 0xff) << 8 | (b[1] & 0xff);
        switch (family) {
            case AF_INET:
                if (b.length >= 8) {
                    return new SockAddr.Inet(false, (b[4] & 0xff) + "." + (b[5] & 0xff) + "." + (b[6] & 0xff) + "."
                            + (b[7] & 0xff), port(b));
                }
                break;
            case AF_INET6:
                if (b.length >= 24) {
                    return new SockAddr.Inet(true, ipv6(b, 8), port(b));
                }
                break;
            case AF_UNIX: {
                if (b.length == 2) {
                    return new SockAddr.Unix("", false);
                }
                boolean abstractName = b[2] == 0;
                int s = abstractName ? 3 : 2;
                int e = s;
                while (e < b.length && b[e] != 0) {
                    e++;
                }
                return new SockAddr.Unix(new String(b, s, e - s, StandardCharsets.UTF_8), abstractName);
            }
            case AF_NETLINK:
                if (b.length >= 12) {
                    return new SockAddr.Netlink(u32(b, 4, littleEndian), u32(b, 8, littleEndian));
                }
                break;
            default:
                break;
        }
        return new SockAddr.Other(family, hex(b));
    }

    private static int port(byte[] b) {
        return (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static long u32(byte[] b, int o, boolean le) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int byteVal = b[o + (le ? 3 - i : i)] & 0xff;
            v = v << 8 | byteVal;
        }
        return v;
    }

    /** RFC 5952 text: lower case, longest run of two or more zero groups shortened, v4-mapped as dotted quad. */
    static String ipv6(byte[] b, int o) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[o + 2 * i] & 0xff) << 8 | (b[o + 2 * i + 1] & 0xff);
        }
        boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
        int bestStart = -1;
        int bestLen = 0;
        int limit = mapped ? 6 : 8;
        for (int i = 0; i < limit; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < limit && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < limit; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        if (mapped) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(b[o + 12] & 0xff).append('.').append(b[o + 13] & 0xff).append('.')
                    .append(b[o + 14] & 0xff).append('.').append(b[o + 15] & 0xff);
        }
        return sb.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
