package io.keelwatch.rules.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network; parses literals only (never resolves names). */
final class Cidr {
    private final byte[] net;
    private final int bits;

    private Cidr(byte[] net, int bits) {
        this.net = net;
        this.bits = bits;
    }

    /** {@code 10.0.0.0/8}, {@code fd00::/8}, or a single address. */
    static Cidr parse(String s) {
        int slash = s.indexOf('/');
        String ip = slash < 0 ? s : s.substring(0, slash);
        byte[] a = toBytes(ip);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address or network: '" + s + "'");
        }
        int bits = a.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + s + "'");
            }
            if (bits < 0 || bits > a.length * 8) {
                throw new IllegalArgumentException("bad prefix length in '" + s + "'");
            }
        }
        return new Cidr(a, bits);
    }

    boolean contains(String ip) {
        byte[] a = toBytes(ip);
        if (a == null || a.length != net.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (net[full] & mask);
    }

    static byte[] toBytes(String ip) {
        if (ip == null || ip.isEmpty()) {
            return null;
        }
        if (ip.indexOf(':') < 0) {
            byte[] out = new byte[4];
            int part = 0;
            int val = -1;
            for (int i = 0; i <= ip.length(); i++) {
                char c = i < ip.length() ? ip.charAt(i) : '.';
                if (c == '.') {
                    if (val < 0 || val > 255 || part > 3) {
                        return null;
                    }
                    out[part++] = (byte) val;
                    val = -1;
                } else if (c >= '0' && c <= '9') {
                    val = (val < 0 ? 0 : val * 10) + (c - '0');
                } else {
                    return null;
                }
            }
            return part == 4 ? out : null;
        }
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
