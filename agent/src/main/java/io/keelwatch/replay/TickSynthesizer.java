package io.keelwatch.replay;

import io.keelwatch.input.HostInput;
import java.io.IOException;

/**
 * Adds the ticks a live agent would have had to a recording that has none (a capture bundle): a
 * {@link HostInput.Tick} at every multiple of {@code intervalMs} of log time that the inputs pass,
 * just before the first input at or after it. Log time that runs backwards a little (audit lines are
 * not strictly ordered) never makes a tick go back.
 */
final class TickSynthesizer implements InputSource {

    private final InputSource inner;
    private final long intervalMs;
    private long nextTickMs = Long.MIN_VALUE;
    private HostInput held;

    TickSynthesizer(InputSource inner, long intervalMs) {
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("tick interval must be positive: " + intervalMs);
        }
        this.inner = inner;
        this.intervalMs = intervalMs;
    }

    @Override
    public HostInput next() throws IOException {
        HostInput in = held != null ? held : inner.next();
        held = null;
        if (in == null) {
            return null;
        }
        long t = in.receivedAtMs();
        if (nextTickMs == Long.MIN_VALUE) {
            nextTickMs = Math.floorDiv(t, intervalMs) * intervalMs + intervalMs;
            return in;
        }
        if (t >= nextTickMs) {
            HostInput tick = new HostInput.Tick(nextTickMs);
            nextTickMs += intervalMs;
            held = in;
            return tick;
        }
        return in;
    }

    @Override
    public double shareRead() {
        return inner.shareRead();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
