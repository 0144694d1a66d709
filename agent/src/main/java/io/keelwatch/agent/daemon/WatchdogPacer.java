package io.keelwatch.agent.daemon;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces the watchdog pings the core's loop offers: the loop calls {@link #run} on every turn (ten or more times a
 * second), a ping goes out when half the watchdog interval has passed since the last one, as systemd advises. A loop
 * that stops turning (a wedged core) stops the pings, and systemd restarts the agent.
 */
public final class WatchdogPacer implements Runnable {
    private final Runnable ping;
    private final LongSupplier nanoClock;
    private final long everyNanos;
    // only the core's thread calls run(): no other thread reads or writes this
    private long lastNanos;
    private boolean pinged;

    public WatchdogPacer(Duration interval, Runnable ping, LongSupplier nanoClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("watchdog interval must be positive: " + interval);
        }
        this.ping = ping;
        this.nanoClock = nanoClock;
        this.everyNanos = interval.toNanos() / 2;
    }

    @Override
    public void run() {
        long now = nanoClock.getAsLong();
        if (!pinged || now - lastNanos >= everyNanos) {
            pinged = true;
            lastNanos = now;
            ping.run();
        }
    }
}
