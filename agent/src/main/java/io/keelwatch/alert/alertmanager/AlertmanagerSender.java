package io.keelwatch.alert.alertmanager;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Delivers one outbox to one Alertmanager, on its own thread so that a dead Alertmanager of an HA pair
 * does not delay the other. Failed posts back off from 1 s to 30 s; a batch Alertmanager rejects is
 * retried alert by alert so that one bad alert does not hold back the rest.
 */
public final class AlertmanagerSender implements Runnable {
    private static final Logger LOG = System.getLogger(AlertmanagerSender.class.getName());
    private static final int BATCH = 200;
    private static final long MIN_BACKOFF_MS = 1000;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final URI url;
    private final AlertmanagerClient client;
    private final Outbox outbox;
    private final Duration resend;
    private final Duration holdFor;
    private final LongSupplier clock;
    private final LongAdder sent = new LongAdder();
    private final LongAdder posts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile boolean running = true;
    private volatile String lastError;
    private long backoffMs;

    public AlertmanagerSender(URI url, AlertmanagerClient client, Outbox outbox, Duration resend, Duration holdFor,
                              LongSupplier clock) {
        this.url = url;
        this.client = client;
        this.outbox = outbox;
        this.resend = resend;
        this.holdFor = holdFor;
        this.clock = clock;
    }

    @Override
    public void run() {
        while (running) {
            try {
                long wait = round();
                outbox.awaitPut(wait);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failures.increment();
                lastError = e.toString();
                LOG.log(Level.ERROR, "alertmanager " + url + ": " + e);
                sleep(MAX_BACKOFF_MS);
            }
        }
    }

    /** One delivery round; returns how long to wait before the next. */
    long round() throws InterruptedException {
        List<Outbox.Delivery> batch = outbox.due(clock.getAsLong(), resend, holdFor, BATCH);
        if (batch.isEmpty()) {
            return Math.min(1000, resend.toMillis());
        }
        AlertmanagerClient.Result r = post(batch);
        if (r.ok()) {
            if (backoffMs > 0) {
                LOG.log(Level.INFO, "alertmanager " + url + ": reachable again");
            }
            backoffMs = 0;
            return batch.size() == BATCH ? 0 : Math.min(1000, resend.toMillis());
        }
        if (r.rejected() && batch.size() > 1) {
            boolean any = false;
            for (Outbox.Delivery d : batch) {
                any |= post(List.of(d)).ok();
            }
            if (any) {
                return 0;
            }
        }
        backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        sleep(backoffMs);
        return 0;
    }

    private AlertmanagerClient.Result post(List<Outbox.Delivery> batch) {
        long now = clock.getAsLong();
        posts.increment();
        AlertmanagerClient.Result r = client.post(batch, now + 4 * resend.toMillis());
        if (r.ok()) {
            outbox.delivered(batch, now);
            sent.add(batch.size());
            lastError = null;
        } else {
            failures.increment();
            if (r.rejected()) {
                rejected.increment();
            }
            String why = r.status() == 0 ? r.error() : "HTTP " + r.status() + ": " + r.error();
            if (!why.equals(lastError)) {
                LOG.log(Level.WARNING, "alertmanager " + url + ": post failed, " + outbox.pending()
                        + " alert(s) wait in " + outbox.dir() + ": " + why);
            }
            lastError = why;
        }
        return r;
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        running = false;
    }

    public URI url() {
        return url;
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Alerts accepted (each re-post counts). */
    public long sentTotal() {
        return sent.sum();
    }

    public long postsTotal() {
        return posts.sum();
    }

    public long failuresTotal() {
        return failures.sum();
    }

    public long rejectedTotal() {
        return rejected.sum();
    }
}
