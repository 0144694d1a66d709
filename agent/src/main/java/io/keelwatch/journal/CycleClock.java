package io.keelwatch.journal;

import net.openhft.chronicle.core.time.TimeProvider;

/**
 * The time Chronicle uses to pick the cycle file: the receive time of the input being written,
 * never going backwards. A journal's cycle files then cover exactly the receive times they hold,
 * whatever the wall clock did, and a clock stepped back cannot make Chronicle append to an old cycle.
 */
final class CycleClock implements TimeProvider {

    private long nowMs;

    CycleClock(long floorMs) {
        this.nowMs = floorMs;
    }

    void advanceTo(long ms) {
        if (ms > nowMs) {
            nowMs = ms;
        }
    }

    @Override
    public long currentTimeMillis() {
        return nowMs;
    }

    @Override
    public long currentTimeMicros() {
        return nowMs * 1_000;
    }

    @Override
    public long currentTimeNanos() {
        return nowMs * 1_000_000;
    }
}
