package io.keelwatch.alert.http;

import java.util.random.RandomGenerator;

/**
 * Exponential retry delays with jitter. The n-th consecutive failure waits a random time in
 * {@code [d/2, d]} where {@code d = min(max, min * 2^(n-1))}: the floor keeps a dead endpoint from
 * being hammered, the random half spreads the retries of a fleet that lost its endpoint at the same
 * moment, so thousands of nodes do not come back in step when it returns. One owner (a sender thread).
 */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final RandomGenerator random;
    private int failures;

    public Backoff(long minMs, long maxMs, RandomGenerator random) {
        if (minMs <= 0 || maxMs < minMs) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + minMs + ", " + maxMs);
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** Records a failure; returns how long to wait before the next attempt. */
    public long nextDelayMs() {
        failures = Math.min(failures + 1, 62);
        long ceiling = ceilingMs(failures);
        long floor = ceiling / 2;
        return floor + random.nextLong(ceiling - floor + 1);
    }

    /** The upper bound of the n-th consecutive failure's delay. */
    long ceilingMs(int n) {
        long d = minMs;
        for (int i = 1; i < n && d < maxMs; i++) {
            d *= 2;
        }
        return Math.min(d, maxMs);
    }

    /** A success: the next failure starts from the shortest delay again. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
