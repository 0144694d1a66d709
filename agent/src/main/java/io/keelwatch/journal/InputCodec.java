package io.keelwatch.journal;

import io.keelwatch.input.HostInput;
import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesOut;

/**
 * The journal's wire format: one excerpt per {@link HostInput}, laid out as
 *
 * <pre>
 *   u8  version (= 1)
 *   u8  tag     (1 AuditLine, 2 AuditNetlink, 3 DockerEvent, 4 Lookup, 5 Tick, 6 ConfigChange,
 *               7 RuntimeEvent)
 *   i64 receivedAtMs, little endian, fixed width so a reader can skip by time without decoding
 *   ... the fields of the type, in declaration order
 * </pre>
 *
 * Variable-length fields are a stop-bit length then the bytes; strings are UTF-8 and nullable
 * (length + 1, with 0 meaning null). Audit lines keep their raw bytes. A new layout gets a new
 * version byte; readers keep decoding every version they ever wrote.
 *
 * <p>One instance per thread: it caches the last audit source name so a stream of lines from one
 * file neither encodes nor decodes that name more than once.
 */
public final class InputCodec {

    public static final byte VERSION = 1;
    static final byte TAG_AUDIT_LINE = 1;
    static final byte TAG_AUDIT_NETLINK = 2;
    static final byte TAG_DOCKER_EVENT = 3;
    static final byte TAG_LOOKUP = 4;
    static final byte TAG_TICK = 5;
    static final byte TAG_CONFIG_CHANGE = 6;
    static final byte TAG_RUNTIME_EVENT = 7;

    /** Offset of {@code receivedAtMs} inside an excerpt. */
    public static final int TIME_OFFSET = 2;

    private String lastSource;
    private byte[] lastSourceBytes;

    public void encode(HostInput input, BytesOut<?> out) {
        out.writeByte(VERSION);
        if (input instanceof HostInput.AuditLine a) {
            out.writeByte(TAG_AUDIT_LINE).writeLong(a.receivedAtMs());
            writeSource(a.source(), out);
            writeBytes(a.line(), out);
        } else if (input instanceof HostInput.AuditNetlink n) {
            out.writeByte(TAG_AUDIT_NETLINK).writeLong(n.receivedAtMs());
            out.writeStopBit(n.type());
            writeBytes(n.payload(), out);
        } else if (input instanceof HostInput.DockerEvent d) {
            out.writeByte(TAG_DOCKER_EVENT).writeLong(d.receivedAtMs());
            writeString(d.json(), out);
        } else if (input instanceof HostInput.Lookup l) {
            out.writeByte(TAG_LOOKUP).writeLong(l.receivedAtMs());
            writeString(l.kind(), out);
            writeString(l.key(), out);
            writeString(l.value(), out);
        } else if (input instanceof HostInput.Tick t) {
            out.writeByte(TAG_TICK).writeLong(t.receivedAtMs());
        } else if (input instanceof HostInput.ConfigChange c) {
            out.writeByte(TAG_CONFIG_CHANGE).writeLong(c.receivedAtMs());
            writeString(c.what(), out);
            writeString(c.content(), out);
        } else if (input instanceof HostInput.RuntimeEvent r) {
            out.writeByte(TAG_RUNTIME_EVENT).writeLong(r.receivedAtMs());
            writeString(r.source(), out);
            writeString(r.json(), out);
        } else {
            throw new IllegalArgumentException("no journal encoding for " + input.getClass().getName());
        }
    }

    /**
     * Decodes one excerpt.
     *
     * @param where names the excerpt in errors (e.g. the journal directory); the index is added
     * @param index the excerpt's index, only used in errors
     */
    public HostInput decode(BytesIn<?> in, Object where, long index) throws JournalFormatException {
        try {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new JournalFormatException(where(where, index), "unknown format version " + version);
            }
            byte tag = in.readByte();
            long at = in.readLong();
            return switch (tag) {
                case TAG_AUDIT_LINE -> new HostInput.AuditLine(at, readSource(in), readBytes(in));
                case TAG_AUDIT_NETLINK -> new HostInput.AuditNetlink(at, (int) in.readStopBit(), readBytes(in));
                case TAG_DOCKER_EVENT -> new HostInput.DockerEvent(at, readString(in));
                case TAG_LOOKUP -> new HostInput.Lookup(at, readString(in), readString(in), readString(in));
                case TAG_TICK -> new HostInput.Tick(at);
                case TAG_CONFIG_CHANGE -> new HostInput.ConfigChange(at, readString(in), readString(in));
                case TAG_RUNTIME_EVENT -> new HostInput.RuntimeEvent(at, readString(in), readString(in));
                default -> throw new JournalFormatException(where(where, index), "unknown input tag " + tag);
            };
        } catch (RuntimeException e) {
            // A short or garbled excerpt surfaces as a buffer underflow or a bad length.
            throw new JournalFormatException(where(where, index), "truncated or corrupt excerpt: " + e, e);
        }
    }

    private static String where(Object where, long index) {
        return where + "#" + Long.toHexString(index);
    }

    /** Reads only the receive time of an excerpt, leaving the read position unchanged. */
    public static long peekTime(BytesIn<?> in) {
        return in.readLong(in.readPosition() + TIME_OFFSET);
    }

    private void writeSource(String source, BytesOut<?> out) {
        if (source == null) {
            out.writeStopBit(0);
            return;
        }
        if (!source.equals(lastSource)) {
            lastSource = source;
            lastSourceBytes = source.getBytes(StandardCharsets.UTF_8);
        }
        out.writeStopBit(lastSourceBytes.length + 1L);
        out.write(lastSourceBytes);
    }

    private String readSource(BytesIn<?> in) {
        long len = in.readStopBit();
        if (len == 0) {
            return null;
        }
        int n = checkedLength(len - 1, in);
        byte[] last = lastSourceBytes;
        if (last != null && last.length == n && sameBytes(in, last)) {
            in.readSkip(n);
            return lastSource;
        }
        byte[] b = new byte[n];
        in.read(b);
        lastSourceBytes = b;
        lastSource = new String(b, StandardCharsets.UTF_8);
        return lastSource;
    }

    private static boolean sameBytes(BytesIn<?> in, byte[] expected) {
        long p = in.readPosition();
        for (int i = 0; i < expected.length; i++) {
            if (in.readByte(p + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static void writeBytes(byte[] b, BytesOut<?> out) {
        out.writeStopBit(b.length);
        out.write(b);
    }

    private static byte[] readBytes(BytesIn<?> in) {
        byte[] b = new byte[checkedLength(in.readStopBit(), in)];
        in.read(b);
        return b;
    }

    private static void writeString(String s, BytesOut<?> out) {
        if (s == null) {
            out.writeStopBit(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeStopBit(b.length + 1L);
        out.write(b);
    }

    private static String readString(BytesIn<?> in) {
        long len = in.readStopBit();
        if (len == 0) {
            return null;
        }
        byte[] b = new byte[checkedLength(len - 1, in)];
        in.read(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int checkedLength(long len, BytesIn<?> in) {
        if (len < 0 || len > in.readRemaining()) {
            throw new IllegalStateException("length " + len + " exceeds the " + in.readRemaining() + " bytes left");
        }
        return (int) len;
    }
}
