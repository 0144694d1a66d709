package io.keelwatch.alert.http;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers the outbox to the endpoint, oldest first, one alert per request, on its own thread. A failed
 * post is retried after a jittered exponential {@link Backoff} (1 s up to 60 s by default); a body the
 * endpoint refuses is set aside so the rest keep flowing.
 */
public final class WebhookSender implements Runnable {
    private static final Logger LOG = System.getLogger(WebhookSender.class.getName());

    private final WebhookClient client;
    private final HttpOutbox outbox;
    private final Backoff backoff;
    private final LongAdder sent = new LongAdder();
    private final LongAdder posts = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean running = true;
    private volatile String lastError;

    public WebhookSender(WebhookClient client, HttpOutbox outbox, Backoff backoff) {
        this.client = client;
        this.outbox = outbox;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        while (running) {
            try {
                long wait = round();
                if (wait > 0) {
                    if (outbox.pending() == 0) {
                        outbox.awaitPut(wait);
                    } else {
                        Thread.sleep(wait);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failures.increment();
                lastError = e.toString();
                LOG.log(Level.ERROR, "http output " + client.url() + ": " + e);
                sleep(backoff.nextDelayMs());
            }
        }
    }

    /** Posts the oldest alert; returns how long to wait before the next round. */
    long round() {
        HttpOutbox.Entry e = outbox.oldest();
        if (e == null) {
            return 1000;
        }
        posts.increment();
        WebhookClient.Result r = client.post(e.body());
        if (r.ok()) {
            outbox.delivered(e);
            sent.increment();
            if (backoff.failures() > 0) {
                LOG.log(Level.INFO, "http output " + client.url() + ": reachable again");
            }
            backoff.reset();
            lastError = null;
            return 0;
        }
        failures.increment();
        String why = r.status() == 0 ? r.error() : "HTTP " + r.status() + ": " + r.error();
        if (r.rejected()) {
            outbox.reject(e);
            LOG.log(Level.WARNING, "http output " + client.url() + ": alert refused, kept in " + outbox.dir()
                    + " as " + String.format("%016d", e.seq()) + ".rejected: " + why);
            return 0;
        }
        if (!why.equals(lastError)) {
            LOG.log(Level.WARNING, "http output " + client.url() + ": post failed, " + outbox.pending()
                    + " alert(s) wait in " + outbox.dir() + ": " + why);
        }
        lastError = why;
        return backoff.nextDelayMs();
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

    public HttpOutbox outbox() {
        return outbox;
    }

    /** Alerts the endpoint accepted. */
    public long sentTotal() {
        return sent.sum();
    }

    public long postsTotal() {
        return posts.sum();
    }

    public long failuresTotal() {
        return failures.sum();
    }

    public String lastError() {
        return lastError;
    }
}
