package io.keelwatch.audit;

/**
 * Counts lost kernel serials. Serials are u32 and wrap, so differences are taken as signed 32-bit
 * ({@code (int) (s - max)}): 4294967295 then 0 is a step of one, and an older serial is a negative step,
 * never a huge gap (the go-libaudit underflow in notes §1.11). A window of the last 65,536 serials
 * remembers which were seen, so a serial that arrives after a higher one cancels the gap it opened.
 */
final class SerialTracker {
    private static final int WINDOW_BITS = 16;
    private static final int WINDOW = 1 << WINDOW_BITS;
    private static final int MASK = WINDOW - 1;
    /** A jump beyond this is a restart (reboot, other counter), not loss; go-libaudit uses the same bound. */
    private static final int RESET_JUMP = (1 << 24) - 1;

    private final long[] seen = new long[WINDOW / 64];
    private boolean started;
    private long max;
    /** Serials at or below this were never counted as missing (before the first one seen or a restart). */
    private long floor;
    long gaps;
    long outOfOrder;
    long duplicates;
    long resets;

    void observe(long serial) {
        if (!started) {
            started = true;
            restart(serial);
            return;
        }
        int d = (int) (serial - max);
        if (d > RESET_JUMP || d < -RESET_JUMP) {
            resets++;
            restart(serial);
        } else if (d > 0) {
            if (d >= WINDOW) {
                java.util.Arrays.fill(seen, 0L);
            } else {
                for (int k = 1; k <= d; k++) {
                    clear(max + k);
                }
            }
            set(serial);
            gaps += d - 1;
            max = serial;
            if ((int) (max - floor) > WINDOW) {
                floor = max - WINDOW;
            }
        } else if (d == 0) {
            duplicates++;
        } else if (-d < WINDOW && (int) (serial - floor) > 0 && !isSet(serial)) {
            set(serial);
            gaps--;
            outOfOrder++;
        } else {
            duplicates++;
        }
    }

    private void restart(long serial) {
        java.util.Arrays.fill(seen, 0L);
        max = serial;
        floor = serial;
        set(serial);
    }

    private void set(long s) {
        int i = (int) (s & MASK);
        seen[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long s) {
        int i = (int) (s & MASK);
        seen[i >>> 6] &= ~(1L << (i & 63));
    }

    private boolean isSet(long s) {
        int i = (int) (s & MASK);
        return (seen[i >>> 6] & (1L << (i & 63))) != 0;
    }
}
