package io.keelwatch.replay;

/** Times found in captured log lines, read straight from the bytes. */
final class LogTime {

    static final long NONE = Long.MIN_VALUE;
    private static final byte[] AUDIT = {'a', 'u', 'd', 'i', 't', '('};
    private static final byte[] TIME_NANO = "\"timeNano\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TIME = "\"time\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private LogTime() {
    }

    /**
     * The event time of an audit line, {@code audit(SECONDS.MILLIS:SERIAL)}, in ms since the epoch,
     * or {@link #NONE} when the line has no such stamp.
     */
    static long auditMs(byte[] line) {
        int at = indexOf(line, AUDIT, 0);
        if (at < 0) {
            return NONE;
        }
        int i = at + AUDIT.length;
        long secs = 0;
        int digits = 0;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') {
            secs = secs * 10 + (line[i++] - '0');
            digits++;
        }
        if (digits == 0 || i >= line.length || line[i] != '.') {
            return NONE;
        }
        i++;
        long millis = 0;
        int fraction = 0;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') {
            if (fraction < 3) {
                millis = millis * 10 + (line[i] - '0');
            }
            fraction++;
            i++;
        }
        if (fraction == 0) {
            return NONE;
        }
        for (int f = fraction; f < 3; f++) {
            millis *= 10;
        }
        return secs * 1000 + millis;
    }

    /** The time of a Docker events-stream message ({@code timeNano}, else {@code time}) in ms, or {@link #NONE}. */
    static long dockerEventMs(byte[] json) {
        int at = indexOf(json, TIME_NANO, 0);
        if (at >= 0) {
            long nanos = number(json, at + TIME_NANO.length);
            return nanos == NONE ? NONE : nanos / 1_000_000;
        }
        at = indexOf(json, TIME, 0);
        if (at >= 0) {
            long secs = number(json, at + TIME.length);
            return secs == NONE ? NONE : secs * 1000;
        }
        return NONE;
    }

    private static long number(byte[] b, int i) {
        while (i < b.length && b[i] == ' ') {
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9' && digits < 19) {
            v = v * 10 + (b[i++] - '0');
            digits++;
        }
        return digits == 0 ? NONE : v;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from, last = hay.length - needle.length; i <= last; i++) {
            if (hay[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
